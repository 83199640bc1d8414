package io.rekindle.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.rekindle.engine.ProcessHistory;
import io.rekindle.engine.ProcessModels;
import io.rekindle.experiment.ExperimentReadouts;

import org.springframework.stereotype.Service;

/**
 * What a marketing manager reads on Monday: per journey, contacts in, sends, rates with their denominators, revenue
 * and cost per reactivation; the steps and funnels under the names the Modeler shows; conversions week by week.
 */
@Service
class JourneyKpis {

    static final String OPENS_INFLATED = "Opens are inflated: Apple Mail Privacy Protection and the image proxies of"
            + " webmail services open messages automatically, whether or not a person read them. Judge by clicks and"
            + " conversions.";
    /** More weeks than this in the trend: the period is cut to its last weeks (a line per week stays readable). */
    static final int MAX_WEEKS = 160;

    /**
     * {@code count} of {@code base} (what the rate is of, e.g. "delivered"); {@code value} is {@code null} where the
     * base is zero — no rate, not 0 %. {@code caveat} says why a rate is not to be trusted (opens).
     */
    record Rate(long count, long base, String of, Double value, String caveat) {

        static Rate of(long count, long base, String of) {
            return new Rate(count, base, of, base == 0 ? null : (double) count / base, null);
        }
    }

    record JourneyCard(String journey, String name, long contactsIn, long sent, long delivered, long opened,
            long clicked, long converted, long reactivated, BigDecimal revenue, BigDecimal cost, Rate deliveryRate,
            Rate openRate, Rate clickRate, Rate conversionRate, BigDecimal costPerReactivation) {
    }

    record StepRow(String journey, String step, String name, String channel, String template, long sent,
            long delivered, long clicked, long converted, BigDecimal revenue, Rate clickRate, Rate conversionRate) {
    }

    record FunnelStep(String id, String name, long contacts) {
    }

    record Funnel(String journey, String name, int version, long entered, List<FunnelStep> steps,
            List<FunnelStep> ends) {
    }

    /** A week (Monday, UTC) of sending: its delivered messages and how many of them converted. */
    record Week(String journey, LocalDate week, long delivered, long converted, Rate conversionRate) {
    }

    /**
     * One arm of an experiment (a holdout, or a journey's "Split into variants"), as GET /api/experiments/{id} reads it:
     * {@code sentence} compares the arm with the control (null on the control's line). The page draws its section
     * only when there is one.
     */
    record ExperimentResult(String journey, String experiment, String variant, long contacts, long converted,
            Rate conversionRate, String name, String status, boolean control, Double revenuePerContact,
            String sentence) {
    }

    record JourneyOption(String journey, String name) {
    }

    record Report(Map<String, Object> filters, long attributionWindowDays, Map<String, BigDecimal> costPerMessage,
            String openNote, List<JourneyOption> journeyOptions, List<JourneyCard> journeys, List<StepRow> steps,
            List<Week> trend, List<Funnel> funnels, List<ExperimentResult> experiments, List<StreamCard> streams) {
    }

    /** One sending stream's emails: delivered of sent, bounced of sent (hard and soft). */
    record StreamCard(String stream, long sent, long delivered, long bounced, long bouncedHard, long bouncedSoft,
            Rate deliveryRate, Rate bounceRate) {
    }

    private final Kpis kpis;
    private final KpiRepository repository;
    private final JourneyFunnels funnels;
    private final ProcessModels models;
    private final ProcessHistory history;
    private final KpiProperties properties;
    private final ExperimentReadouts experiments;

    JourneyKpis(Kpis kpis, KpiRepository repository, JourneyFunnels funnels, ProcessModels models,
            ProcessHistory history, KpiProperties properties, ExperimentReadouts experiments) {
        this.experiments = experiments;
        this.kpis = kpis;
        this.repository = repository;
        this.funnels = funnels;
        this.models = models;
        this.history = history;
        this.properties = properties;
    }

    /**
     * The experiments' arms (of one journey when filtered; the global control group, which spans every journey,
     * always), over the attribution window.
     */
    private List<ExperimentResult> experiments(String journey, long windowDays) {
        return experiments.arms(java.time.Duration.ofDays(windowDays)).stream()
                .filter(a -> journey == null || a.journey() == null || journey.equals(a.journey()))
                .map(a -> new ExperimentResult(a.journey(), a.experiment(), a.arm(), a.contacts(), a.converted(),
                        Rate.of(a.converted(), a.contacts(), "contacts"), a.name(), a.status(), a.control(),
                        a.revenuePerContact(), a.sentence()))
                .toList();
    }

    /** The journeys deployed that the KPIs cover, with their names, by name. */
    List<JourneyOption> options() {
        return models.latestProcessDefinitions().stream().filter(d -> Kpis.JOURNEYS.contains(d.key()))
                .map(d -> new JourneyOption(d.key(), models.elementNames(d.id()).getOrDefault(d.key(), d.key())))
                .sorted(Comparator.comparing(JourneyOption::name)).toList();
    }

    Report report(String journey, Instant from, Instant to) {
        KpiFilter filter = new KpiFilter(journey, null, null, null, from, to);
        long windowDays = kpis.windowDays();
        List<JourneyOption> options = options();
        Map<String, Map<String, String>> names = new HashMap<>();
        options.forEach(o -> names.put(o.journey(), stepNames(o.journey())));

        List<Kpis.StepFigures> byStep = kpis.byStep(filter, windowDays);
        Map<String, Kpis.Figures> perJourney = new HashMap<>();
        List<StepRow> steps = new ArrayList<>();
        for (Kpis.StepFigures step : byStep) {
            Kpis.Figures f = step.figures();
            perJourney.computeIfAbsent(step.journey(), j -> new Kpis.Figures()).add(f);
            steps.add(new StepRow(step.journey(), step.step(),
                    names.getOrDefault(step.journey(), Map.of()).getOrDefault(step.step(), step.step()),
                    step.channel(), step.template(), f.sent, f.delivered, f.clicked, f.converted, f.revenue,
                    Rate.of(f.clicked, f.delivered, "delivered"), Rate.of(f.converted, f.delivered, "delivered")));
        }
        Map<String, List<String>> flows = new HashMap<>();
        names.forEach((key, byId) -> flows.put(key, List.copyOf(byId.keySet())));
        steps.sort(Comparator.comparing(StepRow::journey).thenComparingInt(row -> position(
                flows.getOrDefault(row.journey(), List.of()), row.step())));
        Map<String, Long> reactivated = repository.reactivatedByJourney(filter, windowDays);

        List<JourneyCard> cards = new ArrayList<>();
        for (JourneyOption option : options) {
            if (journey != null && !journey.equals(option.journey())) {
                continue;
            }
            Kpis.Figures f = perJourney.getOrDefault(option.journey(), new Kpis.Figures());
            long back = reactivated.getOrDefault(option.journey(), 0L);
            Rate opens = Rate.of(f.opened, f.delivered, "delivered");
            cards.add(new JourneyCard(option.journey(), option.name(), history.started(option.journey(), from, to),
                    f.sent, f.delivered, f.opened, f.clicked, f.converted, back, f.revenue, f.cost,
                    Rate.of(f.delivered, f.sent, "sent"),
                    new Rate(opens.count(), opens.base(), opens.of(), opens.value(), "inflated"),
                    Rate.of(f.clicked, f.delivered, "delivered"), Rate.of(f.converted, f.delivered, "delivered"),
                    back == 0 ? null : f.cost.divide(BigDecimal.valueOf(back), 4, RoundingMode.HALF_UP)));
        }
        // the busiest journeys first: the one a manager looks for
        cards.sort(Comparator.comparingLong(JourneyCard::contactsIn).reversed()
                .thenComparing(Comparator.comparingLong(JourneyCard::sent).reversed())
                .thenComparing(JourneyCard::name));

        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("journey", journey);
        filters.put("from", from);
        filters.put("to", to);
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        for (String channel : List.of("EMAIL", "SMS")) {
            costs.put(channel, properties.cost(channel));
        }
        return new Report(filters, windowDays, costs, OPENS_INFLATED, options, cards, steps,
                trend(filter, windowDays), funnels(journey), experiments(journey, windowDays),
                Kpis.byStream(byStep).stream().map(s -> new StreamCard(s.stream(), s.sent(), s.delivered(), s.bounced(),
                        s.bouncedHard(), s.bouncedSoft(), Rate.of(s.delivered(), s.sent(), "sent"),
                        Rate.of(s.bounced(), s.sent(), "sent"))).toList());
    }

    /** A journey's element names over its versions, the newest version's where they differ, in its flow order. */
    private Map<String, String> stepNames(String journey) {
        Map<String, String> names = new LinkedHashMap<>();
        List<ProcessModels.Definition> versions = new ArrayList<>(models.processDefinitions(journey, null));
        Collections.reverse(versions); // the newest first: its names and its order
        versions.forEach(d -> models.elementNames(d.id()).forEach(names::putIfAbsent));
        return names;
    }

    private List<Funnel> funnels(String journey) {
        List<Funnel> named = new ArrayList<>();
        Map<String, ProcessModels.Definition> byKeyAndVersion = new HashMap<>();
        models.processDefinitions(journey, null).forEach(d -> byKeyAndVersion.put(d.key() + ":" + d.version(), d));
        for (JourneyFunnels.Funnel funnel : funnels.funnels(journey, null, Kpis.JOURNEYS)) {
            Map<String, String> names = models.elementNames(
                    byKeyAndVersion.get(funnel.journey() + ":" + funnel.version()).id());
            named.add(new Funnel(funnel.journey(), names.getOrDefault(funnel.journey(), funnel.journey()),
                    funnel.version(), funnel.entered(), named(funnel.steps(), names), named(funnel.ends(), names)));
        }
        return named;
    }

    /** In the order of the flow, as the diagram reads (the history counts per step, in no order). */
    private static List<FunnelStep> named(Map<String, Long> counts, Map<String, String> names) {
        List<String> order = List.copyOf(names.keySet());
        return counts.entrySet().stream()
                .map(e -> new FunnelStep(e.getKey(), names.getOrDefault(e.getKey(), e.getKey()), e.getValue()))
                .sorted(Comparator.comparingInt(step -> position(order, step.id()))).toList();
    }

    /** Where a step stands in the flow; one the model does not know (a removed step), last. */
    private static int position(List<String> order, String id) {
        int position = order.indexOf(id);
        return position < 0 ? Integer.MAX_VALUE : position;
    }

    /** Every week of the period (or from the first to the last week with sends), per journey with sends. */
    private List<Week> trend(KpiFilter filter, long windowDays) {
        Map<String, Map<LocalDate, long[]>> weeks = new TreeMap<>();
        TreeSet<LocalDate> seen = new TreeSet<>();
        for (var day : repository.deliveredByJourneyAndDay(filter)) {
            if (day.journey() == null) {
                continue; // a message sent outside any journey
            }
            LocalDate week = monday(day.day());
            seen.add(week);
            weeks.computeIfAbsent(day.journey(), j -> new TreeMap<>()).computeIfAbsent(week, w -> new long[2])[0]
                    += day.count();
        }
        for (var day : repository.conversionsByJourneyAndSendDay(filter, windowDays)) {
            if (day.journey() == null) {
                continue;
            }
            LocalDate week = monday(day.day());
            seen.add(week);
            weeks.computeIfAbsent(day.journey(), j -> new TreeMap<>()).computeIfAbsent(week, w -> new long[2])[1]
                    += day.count();
        }
        if (seen.isEmpty()) {
            return List.of();
        }
        LocalDate first = filter.from() == null ? seen.first() : monday(filter.from().atOffset(ZoneOffset.UTC)
                .toLocalDate());
        LocalDate last = filter.to() == null ? seen.last() : monday(filter.to().minusMillis(1)
                .atOffset(ZoneOffset.UTC).toLocalDate());
        if (first.plusWeeks(MAX_WEEKS).isBefore(last)) {
            first = last.minusWeeks(MAX_WEEKS - 1);
        }
        List<Week> trend = new ArrayList<>();
        for (var journey : weeks.entrySet()) {
            for (LocalDate week = first; !week.isAfter(last); week = week.plusWeeks(1)) {
                long[] counts = journey.getValue().getOrDefault(week, new long[2]);
                trend.add(new Week(journey.getKey(), week, counts[0], counts[1],
                        Rate.of(counts[1], counts[0], "delivered")));
            }
        }
        return trend;
    }

    private static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
