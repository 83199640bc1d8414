package io.rekindle.kpi;

import java.time.Instant;

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

    KpiController(Kpis kpis) {
        this.kpis = kpis;
    }

    /** Filters: journey, version, channel (EMAIL, SMS), template, from / to (ISO instants, on message time). */
    @Operation(summary = "KPIs of the journeys", description = "Per journey, step, channel and template: sent,"
            + " delivered, opened, clicked, converted, revenue. Figures only, no personal data.")
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
}
