package io.rekindle.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.EventType;
import io.rekindle.events.EventRequest;
import io.rekindle.system.FieldProblemException;

import org.springframework.stereotype.Component;

/**
 * CloudEvents 1.0, translated. Required: {@code specversion} "1.0", {@code id}, {@code source}, {@code type} (looked
 * up in the same mapping as Segment's event names). The contact: the extension attribute
 * {@code rekindle.ingest.external-id-attribute} (default {@code externalid}), else {@code subject}, as external id.
 * {@code id} + {@code source} identify the event (a repeat is a duplicate); {@code time} is when it happened; a
 * purchase's amount is {@code data.amount}, else {@code data.revenue}, else {@code data.total}, its offer code
 * {@code data.offerCode}, else {@code data.coupon}.
 */
@Component
class CloudEvents {

    /** The event API keeps a sender's id in 100 characters: longer {@code source id} pairs are kept as a hash. */
    private static final int MAX_EVENT_ID = 100;

    private final EventMapping mapping;
    private final IngestProperties properties;

    CloudEvents(EventMapping mapping, IngestProperties properties) {
        this.mapping = mapping;
        this.properties = properties;
    }

    static String idOf(JsonNode event) {
        JsonNode id = event.path("id");
        return id.isTextual() ? id.asText() : null;
    }

    Inbound translate(JsonNode event) {
        if (!event.isObject()) {
            throw new FieldProblemException("event", "must be a JSON object");
        }
        String specversion = required(event, "specversion");
        if (!specversion.equals("1.0")) {
            throw new FieldProblemException("specversion", "is '" + specversion + "'; only CloudEvents 1.0 is taken");
        }
        String id = required(event, "id");
        String source = required(event, "source");
        String type = required(event, "type");
        OffsetDateTime time = time(event);
        var ours = mapping.typeOf(type);
        if (ours.isEmpty()) {
            return Inbound.ignored(id, type, "No mapping for the type '" + type
                    + "' (rekindle.ingest.events): taken and ignored");
        }
        String externalId = externalId(event);
        JsonNode data = event.path("data");
        boolean purchase = ours.get() == EventType.PURCHASE;
        boolean loyalty = ours.get() == EventType.LOYALTY_POINTS;
        return new Inbound(id, type, new EventRequest(null, externalId, ours.get(), time, eventId(source, id),
                purchase ? EventMapping.amount(data, "data", "amount", "revenue", "total") : null,
                purchase ? EventMapping.text(data, "data", "offerCode", "coupon") : null, null, null, null, null, null,
                loyalty ? EventMapping.points(data, "data", "points", "balance") : null));
    }

    private String externalId(JsonNode event) {
        String attribute = properties.externalIdAttribute();
        JsonNode extension = event.path(attribute);
        if (extension.isTextual() && !extension.asText().isBlank()) {
            return extension.asText();
        }
        JsonNode subject = event.path("subject");
        if (subject.isTextual() && !subject.asText().isBlank()) {
            return subject.asText();
        }
        throw new FieldProblemException(attribute, "is required (or subject): the contact's external id");
    }

    /** The event's id for de-duplication: {@code source} and {@code id} together, as CloudEvents defines identity. */
    static String eventId(String source, String id) {
        String both = "ce:" + source + "#" + id;
        if (both.length() <= MAX_EVENT_ID) {
            return both;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((source + "#" + id)
                    .getBytes(StandardCharsets.UTF_8));
            return "ce-sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(JsonNode event, String attribute) {
        JsonNode value = event.path(attribute);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new FieldProblemException(attribute, "is required: a non-empty string (CloudEvents 1.0)");
        }
        return value.asText();
    }

    private static OffsetDateTime time(JsonNode event) {
        JsonNode time = event.path("time");
        if (time.isMissingNode() || time.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time.asText());
        } catch (DateTimeParseException e) {
            throw new FieldProblemException("time", "must be an RFC 3339 timestamp");
        }
    }
}
