package io.rekindle.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

/** What the journeys earned: per step, channel and template, per journey version, and over time. */
@Service
class Kpis {

    static final Set<String> JOURNEYS = Set.of("new-signup-relaunch", "inactive-winback", "satisfaction-survey",
            "final-removal", "welcome-back");
    private static final Set<String> INACTIVE_SEGMENTS = Set.of("INACTIVE", "NEW_INACTIVE", "LOST");

    /** Counts of one group of messages. Opens are inflated by mail clients prefetching images. */
    static final class Figures {
        public long written;
        public long sent;
        public long delivered;
        public long failed;
        public long pending;
        public long skipped;
        /** messages that had to wait at least once for the marketing pressure cap */
        public long deferredByPressure;
        public Map<String, Long> skippedByReason = new TreeMap<>();
        public long opened;
        /** messages a person clicked */
        public long clicked;
        /** messages a link scanner clicked (mail security gateways): never counted as clicked */
        public long clickedByRobots;
        public long unsubscribed;
        public long bounced;
        public long bouncedHard;
        public long bouncedSoft;
        public long converted;
        public BigDecimal revenue = BigDecimal.ZERO;
        public BigDecimal cost = BigDecimal.ZERO;

        void add(Figures other) {
            written += other.written;
            sent += other.sent;
            delivered += other.delivered;
            failed += other.failed;
            pending += other.pending;
            skipped += other.skipped;
            deferredByPressure += other.deferredByPressure;
            other.skippedByReason.forEach((k, v) -> skippedByReason.merge(k, v, Long::sum));
            opened += other.opened;
            clicked += other.clicked;
            clickedByRobots += other.clickedByRobots;
            unsubscribed += other.unsubscribed;
            bounced += other.bounced;
            bouncedHard += other.bouncedHard;
            bouncedSoft += other.bouncedSoft;
            converted += other.converted;
            revenue = revenue.add(other.revenue);
            cost = cost.add(other.cost);
        }
    }

    record StepFigures(String journey, String step, String channel, String template, String stream,
            Figures figures) {
    }

    /**
     * One sending stream's emails (seed 003: the reactivation stream's bounces must not spoil the lifecycle's
     * delivery): delivered of sent, bounced of sent.
     */
    record StreamFigures(String stream, long sent, long delivered, long failed, long bounced, long bouncedHard,
            long bouncedSoft, Double deliveryRate, Double bounceRate) {

        static StreamFigures of(String stream, Figures f) {
            return new StreamFigures(stream, f.sent, f.delivered, f.failed, f.bounced, f.bouncedHard, f.bouncedSoft,
                    f.sent == 0 ? null : (double) f.delivered / f.sent,
                    f.sent == 0 ? null : (double) f.bounced / f.sent);
        }
    }

    record InactiveRate(Instant at, long contacts, long inactive, double rate) {
    }

    record ReactivationFigures(long enteredInactive, long reactivated, double rate, BigDecimal revenue,
            BigDecimal costPerReactivation) {
    }

    record MonthlyReactivation(String month, long entered, long reactivated, double rate) {
    }

    /** One day (UTC): messages delivered, clicks, conversions and their revenue (by day of the purchase). */
    static final class Day {
        public java.time.LocalDate day;
        public long sent;
        public long clicked;
        public long converted;
        public BigDecimal revenue = BigDecimal.ZERO;
    }

    record Report(Map<String, Object> filters, long attributionWindowDays, String note, Figures totals,
            List<StepFigures> byStep, List<StreamFigures> byStream, ReactivationFigures reactivation,
            List<Day> byDay, List<MonthlyReactivation> reactivationOverTime, List<InactiveRate> inactiveRateOverTime,
            List<JourneyFunnels.Funnel> funnels, PreferenceFigures preferences) {
    }

    /**
     * The preference centre: contacts per choice as they stand now (a contact counts under each of its choices;
     * pausedNow: a pause not yet ended; topicOff: per topic id), and in the period the saves of the page that changed
     * choices and the unsubscribes from everything made there.
     */
    record PreferenceFigures(long contactsWhoChose, long emailOff, long smsOff, Map<String, Long> frequency,
            long pausedNow, Map<String, Long> topicOff, long changes, long unsubscribedAll) {
    }

    private final KpiRepository repository;
    private final JourneyFunnels funnels;
    private final KpiProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    Kpis(KpiRepository repository, JourneyFunnels funnels, KpiProperties properties, ObjectMapper json,
            Clock clock) {
        this.clock = clock;
        this.repository = repository;
        this.funnels = funnels;
        this.properties = properties;
        this.json = json;
    }

    Report report(KpiFilter filter) {
        long windowDays = windowDays();
        List<StepFigures> byStep = byStep(filter, windowDays);
        Figures totals = new Figures();
        byStep.forEach(step -> totals.add(step.figures()));

        var reactivation = repository.reactivation(filter.from(), filter.to());
        ReactivationFigures reactivated = new ReactivationFigures(reactivation.entered(), reactivation.reactivated(),
                reactivation.entered() == 0 ? 0 : (double) reactivation.reactivated() / reactivation.entered(),
                reactivation.revenue(), reactivation.reactivated() == 0 ? null
                        : totals.cost.divide(BigDecimal.valueOf(reactivation.reactivated()), 4, RoundingMode.HALF_UP));

        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("journey", filter.journey());
        filters.put("version", filter.version());
        filters.put("channel", filter.channel());
        filters.put("template", filter.template());
        filters.put("from", filter.from());
        filters.put("to", filter.to());
        return new Report(filters, windowDays,
                "Opens are inflated by mail clients that prefetch images; clicks and conversions are the reliable"
                        + " signals; clicks are people's (link scanners' are counted apart, clickedByRobots). A"
                        + " conversion is a purchase within the attribution window after the last message"
                        + " delivered to the contact (last touch).",
                totals, byStep, byStream(byStep), reactivated, byDay(filter, windowDays),
                repository.reactivationByMonth(filter.from(), filter.to()).stream()
                        .map(m -> new MonthlyReactivation(String.format("%04d-%02d", m.year(), m.month()), m.entered(),
                                m.reactivated(), m.entered() == 0 ? 0 : (double) m.reactivated() / m.entered()))
                        .toList(),
                inactiveRates(filter), funnels.funnels(filter.journey(), filter.version(),
                        JOURNEYS), preferences(filter));
    }

    private PreferenceFigures preferences(KpiFilter filter) {
        long chose = 0;
        long emailOff = 0;
        long smsOff = 0;
        long paused = 0;
        Map<String, Long> frequency = new TreeMap<>();
        Map<String, Long> topicOff = new TreeMap<>();
        for (var count : repository.preferences(clock.instant())) {
            chose += count.contacts();
            emailOff += count.email() ? 0 : count.contacts();
            smsOff += count.sms() ? 0 : count.contacts();
            paused += count.paused() ? count.contacts() : 0;
            // a pause that has ended is as usual again
            String choice = "PAUSE_3_MONTHS".equals(count.frequency()) && !count.paused() ? "AS_USUAL"
                    : count.frequency();
            frequency.merge(choice, count.contacts(), Long::sum);
            if (!count.topicsOff().isEmpty()) {
                for (String topic : count.topicsOff().split(",")) {
                    topicOff.merge(topic, count.contacts(), Long::sum);
                }
            }
        }
        long[] changes = repository.preferenceChanges(filter.from(), filter.to());
        return new PreferenceFigures(chose, emailOff, smsOff, frequency, paused, topicOff, changes[0], changes[1]);
    }

    /** The whole attribution window in days (at least one). */
    long windowDays() {
        return Math.max(1, properties.attributionWindow().toDays());
    }

    /** Per journey step, channel and template, ordered by journey and step id; cost priced per channel. */
    List<StepFigures> byStep(KpiFilter filter, long windowDays) {
        Map<KpiRepository.Step, Figures> steps = new LinkedHashMap<>();
        for (var count : repository.statuses(filter)) {
            Figures f = steps.computeIfAbsent(count.step(), s -> new Figures());
            f.written += count.count();
            f.deferredByPressure += count.deferred();
            switch (count.status()) {
                case "SENT" -> f.sent += count.count();
                case "FAILED" -> f.failed += count.count();
                case "SKIPPED" -> {
                    f.skipped += count.count();
                    f.skippedByReason.merge(String.valueOf(count.skipReason()), count.count(), Long::sum);
                }
                default -> f.pending += count.count();
            }
        }
        for (var events : repository.events(filter)) {
            Figures f = steps.computeIfAbsent(events.step(), s -> new Figures());
            switch (events.type()) {
                case "EMAIL_OPENED" -> f.opened += events.messages();
                case "EMAIL_CLICKED" -> f.clicked += events.messages();
                case "ROBOT_CLICKED" -> f.clickedByRobots += events.messages();
                case "UNSUBSCRIBED" -> f.unsubscribed += events.messages();
                case "BOUNCED_HARD" -> f.bouncedHard += events.messages();
                case "BOUNCED_SOFT" -> f.bouncedSoft += events.messages();
                default -> { }
            }
        }
        for (var conversions : repository.conversions(filter, windowDays)) {
            Figures f = steps.computeIfAbsent(conversions.step(), s -> new Figures());
            f.converted += conversions.purchases();
            f.revenue = f.revenue.add(conversions.revenue());
        }
        List<StepFigures> byStep = new ArrayList<>();
        steps.forEach((step, f) -> {
            // a hard-bounced message was sent, then FAILED: it counts as sent, not delivered, not failed
            f.sent += f.bouncedHard;
            f.failed -= f.bouncedHard;
            f.bounced = f.bouncedHard + f.bouncedSoft;
            f.delivered = f.sent - f.bouncedHard;
            f.cost = properties.cost(step.channel()).multiply(BigDecimal.valueOf(f.sent));
            byStep.add(new StepFigures(step.journey(), step.step(), step.channel(), step.template(), step.stream(),
                    f));
        });
        byStep.sort(java.util.Comparator.comparing(StepFigures::journey).thenComparing(StepFigures::step));
        return byStep;
    }

    /** The emails' figures per sending stream, by stream name; a stream with no email in the period is absent. */
    static List<StreamFigures> byStream(List<StepFigures> byStep) {
        Map<String, Figures> streams = new TreeMap<>();
        byStep.stream().filter(step -> step.stream() != null)
                .forEach(step -> streams.computeIfAbsent(step.stream(), s -> new Figures()).add(step.figures()));
        return streams.entrySet().stream().map(e -> StreamFigures.of(e.getKey(), e.getValue())).toList();
    }

    private List<Day> byDay(KpiFilter filter, long windowDays) {
        Map<java.time.LocalDate, Day> days = new TreeMap<>();
        java.util.function.Function<java.time.LocalDate, Day> day = d -> days.computeIfAbsent(d, k -> {
            Day created = new Day();
            created.day = k;
            return created;
        });
        repository.sentByDay(filter).forEach(d -> day.apply(d.day()).sent = d.count());
        repository.clicksByDay(filter).forEach(d -> day.apply(d.day()).clicked = d.count());
        repository.conversionsByDay(filter, windowDays).forEach(d -> {
            Day target = day.apply(d.day());
            target.converted = d.count();
            target.revenue = d.amount();
        });
        return List.copyOf(days.values());
    }

    private List<InactiveRate> inactiveRates(KpiFilter filter) {
        List<InactiveRate> rates = new ArrayList<>();
        for (var run : repository.runs(filter.from(), filter.to())) {
            Map<String, Long> counts = counts(run.segmentCounts());
            long contacts = counts.values().stream().mapToLong(Long::longValue).sum();
            long inactive = counts.entrySet().stream().filter(e -> INACTIVE_SEGMENTS.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            rates.add(new InactiveRate(run.at(), contacts, inactive, contacts == 0 ? 0 : (double) inactive / contacts));
        }
        return rates;
    }

    private Map<String, Long> counts(String stored) {
        try {
            return stored == null ? Map.of() : json.readValue(stored, new TypeReference<Map<String, Long>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable segment counts", e);
        }
    }
}
