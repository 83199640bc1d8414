package io.rekindle.pressure;

import java.time.Clock;
import java.time.Instant;

import io.rekindle.preferences.Frequency;
import io.rekindle.preferences.PreferenceService;
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
    private final PreferenceService preferences;

    PressureController(MarketingPressure pressure, Clock clock, PreferenceService preferences) {
        this.pressure = pressure;
        this.preferences = preferences;
        this.clock = clock;
    }

    @Operation(summary = "The marketing-pressure limit of a contact", description = "The segment of the latest"
            + " classification, the limit the marketing-pressure decision table gives it (rule, annotation, version),"
            + " the marketing messages it counts in the rolling period, and when the next one may go. The contact's"
            + " frequency choice (preference centre) tightens the limit when stricter: then preferenceApplied is true"
            + " and limit names it; a pause is shown in preference.")
    @ApiProblem(status = 404, when = "No contact has this id.")
    @GetMapping("/api/contacts/{id}/pressure")
    PressureView explain(@PathVariable long id) {
        Instant now = clock.instant();
        var choices = preferences.of(id);
        var applied = pressure.applied(id, now, choices.capAt(now))
                .orElseThrow(() -> new NotFoundException("No contact with id " + id + "."));
        var limit = applied.limit();
        Frequency frequency = choices.frequencyAt(now);
        return new PressureView(id, limit.segment(), applied.describe(), applied.maxMessages(),
                applied.period().toDays(), applied.overridden(), applied.preference() != null,
                new PreferenceView(frequency, frequency == Frequency.PAUSE_3_MONTHS ? choices.pausedUntil() : null),
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
            @Schema(description = "true: the contact's frequency choice is stricter than the segment's limit and is"
                    + " what applies") boolean preferenceApplied,
            @Schema(description = "The contact's frequency choice on its preference page") PreferenceView preference,
            @Schema(description = "The rule of the marketing-pressure table that gave the limit") RuleView rule,
            @Schema(description = "Marketing messages sent in the period (exempt templates not counted)")
            int messagesInPeriod,
            Instant periodStart,
            @Schema(description = "When a capped message may go: now when there is room") Instant nextAllowedAt) {
    }

    record PreferenceView(
            @Schema(description = "AS_USUAL, WEEKLY, MONTHLY or PAUSE_3_MONTHS (a pause that ended is AS_USUAL)")
            Frequency frequency,
            @Schema(description = "During a pause: when marketing resumes") Instant pausedUntil) {
    }

    record RuleView(String id, String annotation, Integer decisionVersion) {
    }
}
