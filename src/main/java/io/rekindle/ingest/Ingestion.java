package io.rekindle.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.events.EventAccepted;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.system.ConflictException;
import io.rekindle.system.FieldProblemException;
import io.rekindle.system.InvalidRequestException;
import io.rekindle.system.NotFoundException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Takes translated events in through {@link EventIntake}, the event API's own path (validation, de-duplication by
 * the sender's id, the CRM, the inbox and correlation). One event is all or nothing (the intake stores it in one
 * transaction); a batch is taken event by event, and a problem with one event is that event's answer, not the
 * batch's. What is not the event's fault (the database out of reach) is not caught: the request fails as a whole
 * with its 503, and the sender's retry is safe because every stored event keeps its id.
 */
@Service
class Ingestion {

    private final EventIntake intake;
    private final Validator validator;
    private final IngestProperties properties;

    Ingestion(EventIntake intake, Validator validator, IngestProperties properties) {
        this.intake = intake;
        this.validator = validator;
        this.properties = properties;
    }

    /** One event on its own: its result, or the exception that becomes the request's problem. */
    EventResult one(JsonNode event, Function<JsonNode, Inbound> translation) {
        checkSize(event, null);
        return take(0, translation.apply(event));
    }

    /** A batch: each event's result in order; a rejected event is answered with its problem and leaves nothing. */
    EventResult.BatchAnswer each(List<JsonNode> events, Function<JsonNode, String> idOf,
            Function<JsonNode, Inbound> translation) {
        List<EventResult> results = new ArrayList<>(events.size());
        for (int index = 0; index < events.size(); index++) {
            JsonNode event = events.get(index);
            String id = idOf.apply(event);
            try {
                checkSize(event, index);
                results.add(take(index, translation.apply(event)));
            } catch (FieldProblemException | NotFoundException | InvalidRequestException | ConflictException
                    | DataIntegrityViolationException problem) {
                results.add(new EventResult(index, id, EventResult.Status.REJECTED, null, null, null, null, null,
                        null, problemOf(problem)));
            }
        }
        return EventResult.BatchAnswer.of(results);
    }

    private EventResult take(int index, Inbound inbound) {
        if (inbound.changedContact() != null) {
            return new EventResult(index, inbound.id(), EventResult.Status.ACCEPTED, inbound.name(), null,
                    inbound.changedContact(), null, null, inbound.reason(), null);
        }
        if (inbound.request() == null) {
            return new EventResult(index, inbound.id(), EventResult.Status.IGNORED, inbound.name(), null, null, null,
                    null, inbound.reason(), null);
        }
        EventAccepted accepted = intake.accept(valid(inbound.request()));
        return new EventResult(index, inbound.id(),
                accepted.duplicate() ? EventResult.Status.DUPLICATE : EventResult.Status.ACCEPTED, inbound.name(),
                accepted.eventId(), accepted.contactId(), accepted.type(), accepted.correlation(), null, null);
    }

    /** The event API's own constraints ({@code @Size}, amounts), which a body posted there gets from {@code @Valid}. */
    private EventRequest valid(EventRequest request) {
        Set<ConstraintViolation<EventRequest>> violations = validator.validate(request);
        violations.stream().min(Comparator.comparing(v -> v.getPropertyPath().toString())).ifPresent(v -> {
            throw new FieldProblemException(v.getPropertyPath().toString(), v.getMessage());
        });
        return request;
    }

    private void checkSize(JsonNode event, Integer index) {
        long max = properties.maxEventSize().toBytes();
        if (event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
            throw new FieldProblemException(index == null ? "event" : "batch[" + index + "]",
                    "is larger than " + max + " bytes (rekindle.ingest.max-event-size); nothing of it was recorded");
        }
    }

    /** The problem the single-event endpoints answer for the same failure (see ApiProblemHandler). */
    static EventResult.Problem problemOf(RuntimeException e) {
        if (e instanceof FieldProblemException field) {
            return new EventResult.Problem("about:blank", "Invalid request", 400,
                    "The request has invalid fields: [" + field.field() + " " + field.getMessage() + "]",
                    List.of(Map.of("field", field.field(), "message", field.getMessage())));
        }
        if (e instanceof NotFoundException) {
            return new EventResult.Problem("about:blank", "Not found", 404, e.getMessage(), null);
        }
        if (e instanceof InvalidRequestException) {
            return new EventResult.Problem("about:blank", "Request cannot be applied", 422, e.getMessage(), null);
        }
        if (e instanceof ConflictException) {
            return new EventResult.Problem("about:blank", "Conflict", 409, e.getMessage(), null);
        }
        return new EventResult.Problem("about:blank", "Conflict", 409,
                "The event conflicts with stored data; nothing was written. Retry it.", null);
    }
}
