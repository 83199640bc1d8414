package io.rekindle.events;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/events")
class EventController {

    private final EventIntake intake;

    EventController(EventIntake intake) {
        this.intake = intake;
    }

    /** 202 for a new event (stored, then correlated); 200 for a repeat of an event already stored. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EventAccepted> post(@Valid @RequestBody EventRequest request) {
        EventAccepted accepted = intake.accept(request);
        return ResponseEntity.status(accepted.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(accepted);
    }
}
