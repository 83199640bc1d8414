package io.rekindle.kpi;

import java.time.Instant;
import java.util.TreeSet;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.FieldProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "KPIs")
@RequestMapping("/api/kpis")
class KpiController {

    private final Kpis kpis;
    private final JourneyKpis journeys;

    KpiController(Kpis kpis, JourneyKpis journeys) {
        this.kpis = kpis;
        this.journeys = journeys;
    }

    /** Filters: journey, version, channel (EMAIL, SMS), template, from / to (ISO instants, on message time). */
    @Operation(summary = "KPIs of the journeys", description = "Per journey, step, channel and template: sent,"
            + " delivered, opened, clicked, converted, revenue; skipped by reason (PREFERENCE_CHANNEL, PREFERENCE_TOPIC,"
            + " PREFERENCE_PAUSED: the contact's preference-centre choices). preferences: contacts per choice now,"
            + " and in the period (from / to on the time of the change) the changes and the unsubscribes from"
            + " everything made in the preference centre. Figures only, no personal data.")
    @ApiProblem(status = 400, when = "channel is not EMAIL or SMS, or from is not before to.")
    @GetMapping
    Kpis.Report kpis(@RequestParam(required = false) String journey, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String template,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        if (channel != null && !channel.equals("EMAIL") && !channel.equals("SMS")) {
            throw new FieldProblemException("channel", "must be EMAIL or SMS");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new FieldProblemException("from", "must be before to");
        }
        return kpis.report(new KpiFilter(journey, version, channel, template, from, to));
    }

    /** The dashboard's figures; from / to (ISO instants) bound journey starts and message writes, to exclusive. */
    @Operation(summary = "Per-journey summary for marketers", description = "Per journey: contacts in (journeys"
            + " started in the period), sent, delivered, opened, clicked, converted, contacts reactivated, revenue,"
            + " cost (messages sent × rekindle.kpi.cost-per-message.<channel>) and cost per reactivation; delivery,"
            + " open (flagged inflated), click and conversion rates with the count and base they come from (value"
            + " null where the base is zero). Also the steps and funnels under their Modeler names, conversions per"
            + " week of sending, and the variant experiments' results per arm (contacts, conversions, rate, revenue"
            + " per contact, the sentence against the control). Figures only, no personal data.")
    @ApiProblem(status = 400, when = "journey is not one of the journeys the KPIs cover, or from is not before to.")
    @GetMapping("/journeys")
    JourneyKpis.Report journeys(@RequestParam(required = false) String journey,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        if (journey != null && !Kpis.JOURNEYS.contains(journey)) {
            throw new FieldProblemException("journey", "must be one of " + new TreeSet<>(Kpis.JOURNEYS));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new FieldProblemException("from", "must be before to");
        }
        return journeys.report(journey, from, to);
    }
}
