package io.rekindle.pressure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rekindle.classification.DecisionEvaluator;
import io.rekindle.classification.DecisionOutcome;
import io.rekindle.classification.DmnDocument;
import io.rekindle.classification.MatchedRule;
import io.rekindle.engine.ProcessModels;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code marketing-pressure} decision as deployed — the table analysts edit in {@code dmn/} and deploy from the
 * Modeler — turned into a limit per segment once per decision version, so that the dispatch path reads a map: no
 * engine, no database. {@link #refresh} looks for a newer version at start and then every
 * {@code rekindle.pressure.decision-refresh} (10 s): a new version takes effect without a restart, on every node.
 * A version whose outputs are not whole numbers of at least 1 is refused (logged) and the previous one stays.
 */
@Component
class PressureTable {

    static final String DECISION_ID = "marketing-pressure";
    static final List<String> VARIABLES = List.of("segment");
    /** What applies while no version of the table is deployed at all: the cap before segments. */
    static final Limit NOTHING_DEPLOYED = new Limit(null, 2, Duration.ofDays(7), null, null, null);
    /** The segments the classification gives (and none yet): evaluated when a version loads, to refuse a bad one. */
    private static final List<String> SEGMENTS = Arrays.asList(null, "ENGAGED", "RECENT_ACTIVITY", "DISENGAGED",
            "INACTIVE", "NEW_INACTIVE", "LOST");
    /** Segments are a handful of names; a bound keeps a flood of odd ones from growing the map. */
    private static final int MAX_CACHED = 1_000;

    private static final Logger log = LoggerFactory.getLogger(PressureTable.class);

    /** The limit that applied to a contact: from which segment, rule and version of the table. */
    record Limit(String segment, int maxMessages, Duration period, String ruleId, String annotation,
                 Integer decisionVersion) {

        /** What an explanation shows, e.g. "INACTIVE: 1 per 14 days". */
        String describe() {
            long days = period.toDays();
            String per = period.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days")
                    : period.toString();
            return (segment == null ? "not classified" : segment) + ": " + maxMessages + " per " + per;
        }
    }

    /** One loaded version: its evaluator, its limits per segment so far, and its longest period. */
    private record Loaded(String definitionId, int version, DecisionEvaluator decision, Duration longest,
                          Map<String, Limit> limits) {

        Limit limit(String segment) {
            String key = segment == null ? "" : segment;
            Limit limit = limits.get(key);
            if (limit == null) {
                limit = evaluate(segment);
                if (limits.size() < MAX_CACHED) {
                    limits.put(key, limit);
                }
            }
            return limit;
        }

        Limit evaluate(String segment) {
            DecisionOutcome outcome = decision.evaluate(segment);
            MatchedRule rule = outcome.rootRule().orElseThrow(() -> new IllegalStateException(
                    "no rule of " + DECISION_ID + " version " + version + " matched segment " + segment
                            + "; the table needs a last rule that catches everyone"));
            return new Limit(segment, atLeastOne(outcome.outputs().get("maxMessages"), "maxMessages"),
                    Duration.ofDays(atLeastOne(outcome.outputs().get("periodDays"), "periodDays")), rule.ruleId(),
                    rule.annotation(), version);
        }
    }

    private final ProcessModels models;
    private volatile Loaded current;

    PressureTable(ProcessModels models) {
        this.models = models;
    }

    /** The limit for a contact in {@code segment} (null: not classified yet), as the latest loaded version says. */
    Limit limit(String segment) {
        Loaded loaded = loaded();
        return loaded == null ? NOTHING_DEPLOYED : loaded.limit(segment);
    }

    /**
     * The longest period any rule of the loaded version gives: one read of a contact's recent messages over it
     * serves whichever limit the contact's segment turns out to have.
     */
    Duration longestPeriod() {
        Loaded loaded = loaded();
        return loaded == null ? NOTHING_DEPLOYED.period() : loaded.longest();
    }

    private Loaded loaded() {
        Loaded loaded = current;
        if (loaded == null) {
            refresh(); // before the first scheduled refresh: once
            loaded = current;
        }
        return loaded;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${rekindle.pressure.decision-refresh:PT10S}",
            initialDelayString = "${rekindle.pressure.decision-refresh:PT10S}")
    synchronized void refresh() {
        var latest = models.latestDecision(DECISION_ID);
        if (latest.isEmpty()) {
            if (current == null) {
                log.warn("No decision '{}' is deployed: {} applies to every contact", DECISION_ID,
                        NOTHING_DEPLOYED.describe());
            }
            return;
        }
        Loaded before = current;
        if (before != null && before.definitionId().equals(latest.get().id())) {
            return;
        }
        try {
            current = load(latest.get().id(), latest.get().version());
            log.info("Marketing pressure: decision '{}' version {} applies", DECISION_ID, latest.get().version());
        } catch (RuntimeException e) {
            log.error("Marketing pressure: decision '{}' version {} refused, {}: {}", DECISION_ID,
                    latest.get().version(), before == null ? "nothing replaces it" : "version " + before.version()
                            + " stays", e.getMessage());
        }
    }

    private Loaded load(String definitionId, int version) {
        byte[] xml = models.decisionModel(definitionId);
        DecisionEvaluator decision = DecisionEvaluator.load(xml, DECISION_ID, VARIABLES, 64);
        Loaded loaded = new Loaded(definitionId, version, decision, longest(xml), new ConcurrentHashMap<>());
        for (String segment : SEGMENTS) {
            loaded.limit(segment); // fails here, not at a delivery, when a rule gives no usable limit
        }
        return loaded;
    }

    /** The longest {@code periodDays} the table can give: every rule's output, each a whole number of days. */
    private static Duration longest(byte[] xml) {
        var table = DmnDocument.parse(xml).decisions().get(DECISION_ID).table();
        int column = -1;
        for (int i = 0; i < table.outputs().size(); i++) {
            if ("periodDays".equals(table.outputs().get(i).name())) {
                column = i;
            }
        }
        if (column < 0) {
            throw new IllegalArgumentException("the table has no output periodDays");
        }
        long longest = 1;
        for (DmnDocument.Rule rule : table.rules()) {
            String text = rule.outputEntries().get(column).text().trim();
            try {
                longest = Math.max(longest, atLeastOne(Long.parseLong(text), "periodDays"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rule " + rule.id() + ": periodDays must be a whole number of days,"
                        + " not '" + text + "'");
            }
        }
        return Duration.ofDays(longest);
    }

    private static int atLeastOne(Object value, String output) {
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.longValue() < 1 || number.longValue() > 10_000) {
            throw new IllegalArgumentException(output + " must be a whole number from 1 to 10000, not " + value);
        }
        return number.intValue();
    }
}
