package io.rekindle.outbox;

import java.util.List;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox, readable: with SMTP off (the embedded default) this is where the emails are. */
@RestController
@Tag(name = "Outbox")
@RequestMapping("/api/outbox")
class OutboxController {

    private final OutboxService outbox;

    OutboxController(OutboxService outbox) {
        this.outbox = outbox;
    }

    @Operation(summary = "Messages of the outbox", description = "Filtered by contact and status, newest first, with"
            + " their rendered subject, text and HTML, status, attempts and last error; limit 1 to 500.")
    @GetMapping
    List<OutboxMessage> list(@RequestParam(required = false) Long contactId,
            @RequestParam(required = false) MessageStatus status,
            @RequestParam(defaultValue = "50") int limit) {
        return outbox.find(contactId, status, Math.max(1, Math.min(limit, 500)));
    }

    @Operation(summary = "A message of the outbox")
    @ApiProblem(status = 404, when = "No message has this id.")
    @GetMapping("/{id}")
    OutboxMessage get(@PathVariable long id) {
        return outbox.find(id).orElseThrow(() -> new NotFoundException("No message with id " + id + "."));
    }
}
