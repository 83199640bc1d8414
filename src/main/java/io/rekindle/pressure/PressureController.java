package io.rekindle.pressure;

import java.time.Clock;
import java.time.Instant;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Why a contact may or may not receive a marketing message now: the limit its segment gets, and what it counts. */
@RestController
@Tag(name = "Marketing pressure")
class PressureController {

    private final MarketingPressure pressure;
    private final Clock clock;

    PressureController(MarketingPressure pressure, Clock clock) {
        this.pressure = pressure;
        this.clock = clock;
    }

    @Operation(summary = "The marketing-pressure limit of a contact", description = "The segment of the latest"
            + " classification, the limit the marketing-pressure decision table gives it (rule, annotation, version),"
            + " the marketing messages it counts in the rolling period, and when the next one may go.")
    @ApiProblem(status = 404, when = "No contact has this id.")
    @GetMapping("/api/contacts/{id}/pressure")
    PressureView explain(@PathVariable long id) {
        Instant now = clock.instant();
        var applied = pressure.applied(id, now)
                .orElseThrow(() -> new NotFoundException("No contact with id " + id + "."));
        var limit = applied.limit();
        return new PressureView(id, limit.segment(), applied.describe(), applied.maxMessages(),
                applied.period().toDays(), applied.overridden(),
                new RuleView(limit.ruleId(), limit.annotation(), limit.decisionVersion()),
                applied.counted().size(), now.minus(applied.period()), applied.full() ? applied.room() : now);
    }

    record PressureView(
            long contactId,
            @Schema(description = "Segment of the latest classification; null: not classified yet") String segment,
            @Schema(description = "The limit that applies, e.g. \"INACTIVE: 1 per 14 days\"") String limit,
            int maxMessages,
            long periodDays,
            @Schema(description = "rekindle.pressure.max-messages or .period replace the table's numbers")
            boolean overriddenByConfiguration,
            @Schema(description = "The rule of the marketing-pressure table that gave the limit") RuleView rule,
            @Schema(description = "Marketing messages sent in the period (exempt templates not counted)")
            int messagesInPeriod,
            Instant periodStart,
            @Schema(description = "When a capped message may go: now when there is room") Instant nextAllowedAt) {
    }

    record RuleView(String id, String annotation, Integer decisionVersion) {
    }
}
