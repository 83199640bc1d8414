package io.rekindle.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.FieldProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CloudEvents 1.0 over HTTP: structured mode ({@code application/cloudevents+json}, one event), batch mode
 * ({@code application/cloudevents-batch+json}, an array, answered event by event) and binary mode (the attributes in
 * {@code ce-} headers, the body the event's {@code data}).
 */
@RestController
@Tag(name = "CloudEvents")
@RequestMapping(path = "/api/cloudevents", produces = MediaType.APPLICATION_JSON_VALUE)
class CloudEventsController {

    static final MediaType STRUCTURED = MediaType.parseMediaType("application/cloudevents+json");
    static final MediaType BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");

    private final Ingestion ingestion;
    private final CloudEvents cloudEvents;
    private final Bodies bodies;
    private final IngestProperties properties;
    private final ObjectMapper json;

    CloudEventsController(Ingestion ingestion, CloudEvents cloudEvents, Bodies bodies, IngestProperties properties,
            ObjectMapper json) {
        this.ingestion = ingestion;
        this.cloudEvents = cloudEvents;
        this.bodies = bodies;
        this.properties = properties;
        this.json = json;
    }

    @Operation(summary = "Post CloudEvents", description = "Structured mode (application/cloudevents+json): one event,"
            + " answered with its result. Batch mode (application/cloudevents-batch+json): an array, answered 200"
            + " event by event (index, id, status ACCEPTED / DUPLICATE / IGNORED / REJECTED with its problem; a"
            + " rejected event leaves nothing stored). Binary mode: ce-specversion, ce-id, ce-source, ce-type… headers"
            + " and the data as an application/json body. type is looked up in rekindle.ingest.events; the contact is"
            + " the externalid extension attribute, else subject; id + source make a repeat a DUPLICATE.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                @Content(mediaType = "application/cloudevents+json", schema = @Schema(type = "object")),
                @Content(mediaType = "application/cloudevents-batch+json", schema = @Schema(type = "array")),
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"))}))
    @ApiResponse(responseCode = "200", description = "The event's result (structured, binary) or each event's (batch)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(oneOf = {EventResult.class, EventResult.BatchAnswer.class})))
    @ApiProblem(status = 400, when = "Malformed JSON; in structured or binary mode: specversion not 1.0, no id, source"
            + " or type, no external id, a bad time or amount; nothing recorded.")
    @ApiProblem(status = 404, when = "Structured or binary mode: no contact has this external id; nothing recorded.")
    @ApiProblem(status = 409, when = "Structured or binary mode: this id and source were already used for an event of"
            + " another type.")
    @ApiProblem(status = 413, when = "The body exceeds rekindle.ingest.max-batch-size (a batch) or"
            + " rekindle.ingest.max-event-size (one event).")
    @ApiProblem(status = 415, when = "Neither a CloudEvents media type nor application/json with ce- headers.")
    @PostMapping
    ResponseEntity<?> post(HttpServletRequest request) throws IOException {
        MediaType type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        if (type != null && BATCH.equalsTypeAndSubtype(type)) {
            JsonNode batch = bodies.json(bodies.read(request, properties.maxBatchSize().toBytes()));
            if (!batch.isArray()) {
                throw new FieldProblemException("batch", "must be a JSON array of CloudEvents");
            }
            List<JsonNode> events = new ArrayList<>(batch.size());
            batch.forEach(events::add);
            return ResponseEntity.ok(ingestion.each(events, CloudEvents::idOf, cloudEvents::translate));
        }
        if (type != null && STRUCTURED.equalsTypeAndSubtype(type)) {
            JsonNode event = bodies.json(bodies.read(request, properties.maxEventSize().toBytes()));
            return ResponseEntity.ok(ingestion.one(event, cloudEvents::translate));
        }
        if (request.getHeader("ce-specversion") != null) {
            return ResponseEntity.ok(ingestion.one(binary(request, type), cloudEvents::translate));
        }
        return ResponseEntity.status(415).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem415());
    }

    /** Binary mode: the attributes from the ce- headers, the body as data (JSON only: it is what we read). */
    private JsonNode binary(HttpServletRequest request, MediaType type) throws IOException {
        ObjectNode event = json.createObjectNode();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-") && lower.length() > 3) {
                event.put(lower.substring(3), request.getHeader(name));
            }
        }
        byte[] body = bodies.read(request, properties.maxEventSize().toBytes());
        if (body.length > 0) {
            if (type == null || !(MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                    || type.getSubtype().endsWith("+json"))) {
                throw new FieldProblemException("datacontenttype", "only JSON data is read (application/json)");
            }
            event.set("data", bodies.json(body));
        }
        return event;
    }

    private static org.springframework.http.ProblemDetail problem415() {
        var problem = org.springframework.http.ProblemDetail.forStatusAndDetail(
                org.springframework.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send application/cloudevents+json (one"
                        + " event), application/cloudevents-batch+json (an array) or the binary mode's ce- headers.");
        problem.setTitle("Unsupported Media Type");
        return problem;
    }
}
