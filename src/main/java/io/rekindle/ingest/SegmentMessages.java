package io.rekindle.ingest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.EventType;
import io.rekindle.events.EventRequest;
import io.rekindle.system.FieldProblemException;

import org.springframework.stereotype.Component;

/**
 * Segment's HTTP Tracking API messages, translated. {@code userId} is our external id; {@code messageId} the
 * event's id (a repeat is a duplicate); {@code timestamp} when it happened (absent: now). A {@code track} is looked up
 * by its {@code event} name, a {@code page} as "Page Viewed"; a purchase's amount is {@code properties.revenue}, else
 * {@code properties.total}, its offer code {@code properties.coupon}. {@code screen}, {@code group} and
 * {@code alias} are ignored.
 */
@Component
class SegmentMessages {

    /** Segment's page call, looked up in the mapping under the name of Segment's own page event. */
    static final String PAGE_EVENT = "Page Viewed";

    private final EventMapping mapping;
    private final ContactTraits traits;

    SegmentMessages(EventMapping mapping, ContactTraits traits) {
        this.mapping = mapping;
        this.traits = traits;
    }

    /** The sender's id of a message, for the answer (null when it has none). */
    static String idOf(JsonNode message) {
        JsonNode id = message.path("messageId");
        return id.isTextual() || id.isNumber() ? id.asText() : null;
    }

    /** {@code call}: the route's type (track, identify, page), or null in a batch, where each message says it. */
    Inbound translate(JsonNode message, String call) {
        if (!message.isObject()) {
            throw new FieldProblemException("message", "must be a JSON object");
        }
        String type = call;
        if (type == null) {
            JsonNode declared = message.path("type");
            if (!declared.isTextual()) {
                throw new FieldProblemException("type", "is required: track, identify, page, screen, group or alias");
            }
            type = declared.asText();
        }
        String id = messageId(message);
        switch (type) {
            case "track" -> {
                return track(message, id, name(message));
            }
            case "page" -> {
                return track(message, id, PAGE_EVENT);
            }
            case "identify" -> {
                return traits.identify(userId(message), id, message.path("traits"));
            }
            case "screen", "group", "alias" -> {
                return Inbound.ignored(id, type, "Segment " + type + " calls are not used by Rekindle");
            }
            default -> throw new FieldProblemException("type",
                    "is '" + type + "'; expected track, identify, page, screen, group or alias");
        }
    }

    private Inbound track(JsonNode message, String id, String name) {
        var type = mapping.typeOf(name);
        if (type.isEmpty()) {
            return Inbound.ignored(id, name, "No mapping for the event '" + name
                    + "' (rekindle.ingest.events): taken and ignored");
        }
        String userId = userId(message);
        OffsetDateTime occurredAt = timestamp(message);
        JsonNode properties = message.path("properties");
        boolean purchase = type.get() == EventType.PURCHASE;
        boolean loyalty = type.get() == EventType.LOYALTY_POINTS;
        return new Inbound(id, name, new EventRequest(null, userId, type.get(), occurredAt, id,
                purchase ? EventMapping.amount(properties, "properties", "revenue", "total") : null,
                purchase ? EventMapping.text(properties, "properties", "coupon") : null, null, null, null, null, null,
                loyalty ? EventMapping.points(properties, "properties", "points", "balance") : null));
    }

    private static String name(JsonNode message) {
        JsonNode event = message.path("event");
        if (!event.isTextual() || event.asText().isBlank()) {
            throw new FieldProblemException("event", "is required for a track call: the event's name");
        }
        return event.asText();
    }

    static String userId(JsonNode message) {
        JsonNode userId = message.path("userId");
        if (userId.isTextual() && !userId.asText().isBlank() || userId.isIntegralNumber()) {
            return userId.asText();
        }
        if (message.hasNonNull("anonymousId")) {
            throw new FieldProblemException("userId", "is required: an event with only an anonymousId names nobody"
                    + " Rekindle knows (send it once the person is identified by your external id)");
        }
        throw new FieldProblemException("userId", "is required: the contact's external id");
    }

    private static String messageId(JsonNode message) {
        JsonNode id = message.path("messageId");
        if (id.isMissingNode() || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new FieldProblemException("messageId", "must be a non-empty string");
        }
        return id.asText();
    }

    private static OffsetDateTime timestamp(JsonNode message) {
        JsonNode timestamp = message.path("timestamp");
        if (timestamp.isMissingNode() || timestamp.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp.asText());
        } catch (DateTimeParseException e) {
            throw new FieldProblemException("timestamp", "must be an ISO-8601 date and time with its offset");
        }
    }
}
