package io.rekindle.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.FieldProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Segment's HTTP Tracking API, under {@code /api/segment}: a Segment library or a Segment destination pointed at
 * {@code https://<rekindle>/api/segment} sends {@code /v1/track}, {@code /v1/identify}, {@code /v1/page} and
 * {@code /v1/batch} here. Authentication is ours: HTTP Basic with an integration user's name and password (Segment
 * clients send the write key as the user name: set the write key to the user's name and the password they send to
 * the user's password, or use a client that lets you set both).
 */
@RestController
@Tag(name = "Segment")
@RequestMapping(path = "/api/segment/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class SegmentController {

    private final Ingestion ingestion;
    private final SegmentMessages messages;
    private final Bodies bodies;
    private final IngestProperties properties;

    SegmentController(Ingestion ingestion, SegmentMessages messages, Bodies bodies, IngestProperties properties) {
        this.ingestion = ingestion;
        this.messages = messages;
        this.bodies = bodies;
        this.properties = properties;
    }

    @Operation(summary = "Segment track call", description = "The event's name is looked up in the mapping"
            + " (rekindle.ingest.events; defaults: Order Completed → PURCHASE with properties.revenue, else"
            + " properties.total, and properties.coupon as offer code; Page Viewed, Product Viewed → VISIT; Loyalty Points Updated → LOYALTY_POINTS with"
            + " properties.points, else properties.balance). userId is"
            + " the contact's external id, messageId the event's id (a repeat is DUPLICATE), timestamp when it"
            + " happened. An unmapped name is answered IGNORED.")
    @ApiProblem(status = 400, when = "Malformed JSON, a key given twice, a body over 32 KB, no userId (an"
            + " anonymousId alone names nobody), no event name, a bad timestamp or amount; nothing recorded.")
    @ApiProblem(status = 409, when = "The messageId was already used for an event of another type.")
    @SegmentCall.OfAContact
    @PostMapping("/track")
    EventResult track(HttpServletRequest request) throws IOException {
        return single(request, "track");
    }

    @Operation(summary = "Segment page call", description = "Taken as the event \"Page Viewed\" of the mapping"
            + " (default: VISIT).")
    @ApiProblem(status = 400, when = "Malformed JSON, a body over 32 KB, no userId, a bad timestamp; nothing"
            + " recorded.")
    @ApiProblem(status = 409, when = "The messageId was already used for an event of another type.")
    @SegmentCall.OfAContact
    @PostMapping("/page")
    EventResult page(HttpServletRequest request) throws IOException {
        return single(request, "page");
    }

    @Operation(summary = "Segment identify call", description = "traits → the contact's own fields, as a PATCH of"
            + " the contact with source segment: email, phone, firstName (or first_name), locale (or language; fr-FR"
            + " is read as fr), emailConsent (or email_consent), smsConsent (or sms_consent). Other traits are not"
            + " kept. Answered ACCEPTED with what changed (reason).")
    @ApiProblem(status = 400, when = "Malformed JSON, a body over 32 KB, no userId, an invalid trait; nothing"
            + " recorded.")
    @SegmentCall.OfAContact
    @PostMapping("/identify")
    EventResult identify(HttpServletRequest request) throws IOException {
        return single(request, "identify");
    }

    @Operation(summary = "Segment batch", description = "{\"batch\": [messages with their type: track, identify,"
            + " page…]}, at most 500 KB, each message at most 32 KB. Answered 200 event by event (index, messageId,"
            + " status ACCEPTED / DUPLICATE / IGNORED / REJECTED with its problem): a rejected event leaves nothing"
            + " stored and does not stop the others.")
    @ApiProblem(status = 400, when = "Malformed JSON, no batch array, a body over 500 KB; nothing recorded.")
    @SegmentCall
    @PostMapping("/batch")
    EventResult.BatchAnswer batch(HttpServletRequest request) throws IOException {
        JsonNode body = bodies.json(bodies.read(request, properties.maxBatchSize().toBytes()));
        JsonNode batch = body.path("batch");
        if (!batch.isArray()) {
            throw new FieldProblemException("batch", "is required: an array of messages");
        }
        List<JsonNode> events = new ArrayList<>(batch.size());
        batch.forEach(events::add);
        return ingestion.each(events, SegmentMessages::idOf, message -> messages.translate(message, null));
    }

    private EventResult single(HttpServletRequest request, String call) throws IOException {
        JsonNode message = bodies.json(bodies.read(request, properties.maxEventSize().toBytes()));
        return ingestion.one(message, m -> messages.translate(m, call));
    }
}
