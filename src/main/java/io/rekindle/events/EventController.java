package io.rekindle.events;

import java.time.Instant;

import jakarta.validation.Valid;

import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.EventType;
import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Events")
@RequestMapping("/api/events")
class EventController {

    private final EventIntake intake;
    private final EventInbox inbox;
    private final ContactActivity activity;

    EventController(EventIntake intake, EventInbox inbox, ContactActivity activity) {
        this.intake = intake;
        this.inbox = inbox;
        this.activity = activity;
    }

    /**
     * 202 for a new event (stored, then correlated: {@code correlation} DONE, or PENDING when the correlation failed
     * and the inbox retries it); 200 for a repeat of an event already stored.
     */
    @Operation(summary = "Post an event", description = "PURCHASE (amount, optional offerCode), VISIT, EMAIL_OPENED /"
            + " EMAIL_CLICKED (messageId), UNSUBSCRIBED (optional channel), BOUNCED (bounce, optional messageId),"
            + " SMS_REPLY (phone, text), LOYALTY_POINTS (points: the balance, 0 or more). The contact is named by"
            + " contactId or externalId (an SMS_REPLY by phone);"
            + " eventId, the sender's own id, makes a retry safe. Stored and applied to the contact first, then"
            + " correlated to the journeys waiting for it.")
    @ApiResponse(responseCode = "202", description = "A new event, stored; correlation DONE, or PENDING while the inbox"
            + " retries it", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "A repeat of an event already stored (same eventId)",
            useReturnTypeSchema = true)
    @ApiProblem(status = 404, when = "No contact matches the event (contactId, externalId or phone).")
    @ApiProblem(status = 409, when = "The eventId was already used for an event of another type; nothing recorded.")
    @ApiProblem(status = 422, when = "An open, click or bounce names a message this contact was never sent, or one"
            + " not delivered; nothing recorded.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<EventAccepted> post(@Valid @RequestBody EventRequest request) {
        EventAccepted accepted = intake.accept(request);
        return ResponseEntity.status(accepted.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(accepted);
    }

    /** The inbox at a glance: events not correlated yet, those whose last attempt failed, the oldest one's age. */
    @Operation(summary = "The event inbox at a glance")
    @GetMapping("/inbox")
    EventInbox.Summary inbox() {
        return inbox.summary();
    }

    /** A stored event and where its correlation stands. */
    @Operation(summary = "A stored event and where its correlation stands")
    @ApiProblem(status = 404, when = "No event has this id.")
    @GetMapping("/{id}")
    EventState event(@PathVariable long id) {
        var event = activity.find(id).orElseThrow(() -> new NotFoundException("No event " + id + "."));
        var entry = inbox.find(id);
        return new EventState(event.id(), event.contactId(), event.type(), event.occurredAt(),
                entry.map(InboxRepository.InboxEntry::receivedAt).orElse(null),
                entry.map(e -> EventInbox.Correlation.valueOf(e.status())).orElse(EventInbox.Correlation.PENDING),
                entry.map(InboxRepository.InboxEntry::journeys).orElse(null),
                entry.map(InboxRepository.InboxEntry::attempts).orElse(0),
                entry.filter(e -> !InboxRepository.DONE.equals(e.status()))
                        .map(InboxRepository.InboxEntry::nextAttemptAt).orElse(null),
                entry.map(InboxRepository.InboxEntry::lastError).orElse(null),
                entry.map(InboxRepository.InboxEntry::doneAt).orElse(null));
    }

    /**
     * {@code correlation}: DONE (it reached {@code journeys} journeys, maybe none) or PENDING (tried {@code attempts}
     * times, next at {@code nextAttemptAt}, the last failure's kind in {@code lastError}).
     */
    record EventState(long eventId, long contactId, EventType type, Instant occurredAt, Instant receivedAt,
            EventInbox.Correlation correlation, Integer journeys, int attempts, Instant nextAttemptAt,
            String lastError, Instant correlatedAt) {
    }
}
