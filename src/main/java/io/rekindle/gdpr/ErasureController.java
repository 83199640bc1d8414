package io.rekindle.gdpr;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.FieldProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "GDPR erasures")
@RequestMapping("/api/gdpr/erasures")
class ErasureController {

    private static final int MAX_LIMIT = 1000;

    private final GdprErasure erasure;
    private final ErasureProcess.ErasureStarter starter;
    private final GdprProperties properties;

    ErasureController(GdprErasure erasure, ErasureProcess.ErasureStarter starter, GdprProperties properties) {
        this.erasure = erasure;
        this.starter = starter;
        this.properties = properties;
    }

    /** Starts an erasure run now, as the nightly timer would; it works in the background (202). */
    @Operation(summary = "Start an erasure run now", description = "As the nightly timer would: contacts inactive"
            + " for the configured period are erased in the background.")
    @ApiResponse(responseCode = "202", description = "The run started", useReturnTypeSchema = true)
    @PostMapping
    ResponseEntity<RunStarted> start() {
        Instant cutoff = erasure.cutoff();
        String processInstanceId = starter.start();
        return ResponseEntity.accepted().location(URI.create("/api/gdpr/erasures"))
                .body(new RunStarted(processInstanceId, properties.inactivityPeriod().toString(), cutoff));
    }

    /** The erasure log, latest first: contact ids, times and reasons, nothing personal. */
    @Operation(summary = "The erasure log", description = "Latest first: contact ids, times and reasons, nothing"
            + " personal.")
    @ApiProblem(status = 400, when = "limit is not between 1 and 1000.")
    @GetMapping
    List<Erasure> log(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new FieldProblemException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return erasure.recent(limit);
    }

    record RunStarted(String processInstanceId, String inactivityPeriod, Instant inactiveSince) {
    }
}
