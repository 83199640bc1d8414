package io.rekindle.experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.rekindle.engine.ProcessModels;
import io.rekindle.experiment.ExperimentFigures.ArmFigures;
import io.rekindle.experiment.ExperimentFigures.Recorded;

import org.springframework.stereotype.Service;

/**
 * The experiments (holdouts and variant splits) and their results: the figures per arm from {@link ExperimentFigures}, read by
 * {@link TwoProportionTest} (conversion), {@link WelchTest} (revenue per contact), {@link SampleSize} and
 * {@link Verdict}: a holdout's {@value Holdouts#TREATED} arm against the held-back one, a variant experiment's every
 * arm against its first.
 *
 * <p>The experiments are those configured today (the global control group, the holdout of each deployed journey
 * with a share above 0) and those with arms recorded, configured or not any more: a stopped holdout keeps its figures.
 */
@Service
class ExperimentResults {

    private final ExperimentFigures figures;
    private final ExperimentProperties properties;
    private final ProcessModels models;
    private final VariantRegistry registry;

    static final String HOLDOUT_KIND = "holdout";
    static final String VARIANT_KIND = "variant";

    ExperimentResults(ExperimentFigures figures, ExperimentProperties properties, ProcessModels models,
            VariantRegistry registry) {
        this.registry = registry;
        this.figures = figures;
        this.properties = properties;
        this.models = models;
    }

    /** One experiment as configured: journey null for the global control group; share 0 once turned off. */
    record Experiment(String id, String journey, String controlArm, BigDecimal share, String salt,
            boolean configured) {
    }

    record ArmCount(String arm, long contacts) {
    }

    /**
     * {@code kind}: holdout (the global control group, a journey's holdout) or variant (a journey's split, with its
     * name, goal metric, status RUNNING/STOPPED and winner); share is null for a variant.
     */
    record Summary(String id, String journey, BigDecimal share, String salt, boolean configured,
            List<ArmCount> arms, String kind, String name, GoalMetric goalMetric, String status, String winner,
            Instant startedAt) {
    }

    record ArmResult(String arm, boolean control, long contacts, long conversions, Double conversionRate,
            BigDecimal revenue, Double revenuePerContact, long reactivations, Double reactivationRate,
            long unsubscribes, Double unsubscribeRate) {
    }

    /** Treated − control in percentage points, its 95 % Newcombe interval and the pooled z-test's p-value. */
    record Lift(double points, double lowPoints, double highPoints, double pValue, boolean significant) {
    }

    /** Treated − control revenue per contact, its 95 % Welch interval and p-value. */
    record RevenueDifference(double perContact, double low, double high, double pValue, boolean significant) {
    }

    /** One arm against the control: conversion lift, revenue difference, contacts still missing, the sentence. */
    record Comparison(String arm, Lift lift, RevenueDifference revenue, Long stillNeededPerArm, Verdict.Kind verdict,
            String sentence) {
    }

    /**
     * The top-level lift, revenue, still needed, verdict and sentence are the first comparison's (the treated arm,
     * or a variant experiment's second arm); {@code comparisons} has one per arm other than the control.
     */
    record Result(String id, String journey, BigDecimal share, String salt, boolean configured, String window,
            BigDecimal minimumEffectPoints, String controlArm, List<ArmResult> arms, Lift lift,
            RevenueDifference revenue, Long sampleSizePerArm, Long stillNeededPerArm, Verdict.Kind verdict,
            String sentence, String kind, String name, GoalMetric goalMetric, String status, String winner,
            Instant startedAt, List<Comparison> comparisons) {
    }

    List<Summary> all() {
        Map<String, Experiment> experiments = experiments();
        Map<String, List<ArmCount>> counts = new LinkedHashMap<>();
        for (Recorded r : figures.recorded()) {
            counts.computeIfAbsent(r.experiment(), k -> new ArrayList<>()).add(new ArmCount(r.arm(), r.contacts()));
        }
        List<Summary> all = new ArrayList<>(experiments.values().stream().map(e -> new Summary(e.id(), e.journey(),
                e.share(), e.salt(), e.configured(), withArms(List.of(e.controlArm(), Holdouts.TREATED),
                        counts.getOrDefault(e.id(), List.of())), HOLDOUT_KIND, null, GoalMetric.CONVERSION, null,
                null, null)).toList());
        for (VariantRegistry.Registered v : registry.all()) {
            all.add(new Summary(v.id(), v.journey(), null, v.salt(), !v.stopped(),
                    withArms(armNames(v), counts.getOrDefault(v.id(), List.of())), VARIANT_KIND, v.name(), v.goal(),
                    v.status(), v.winner(), v.startedAt()));
        }
        return all;
    }

    /** The result of experiment {@code id}; empty when no such experiment is configured or recorded. */
    Optional<Result> result(String id, Duration window, BigDecimal minimumEffectPoints) {
        Optional<VariantRegistry.Registered> variant = registry.find(id);
        if (variant.isPresent()) {
            VariantRegistry.Registered v = variant.get();
            return Optional.of(result(id, v.journey(), null, v.salt(), !v.stopped(), armNames(v), window,
                    minimumEffectPoints, VARIANT_KIND, v.name(), v.goal(), v.status(), v.winner(), v.startedAt()));
        }
        Experiment experiment = experiments().get(id);
        if (experiment == null) {
            return Optional.empty();
        }
        return Optional.of(result(id, experiment.journey(), experiment.share(), experiment.salt(),
                experiment.configured(), List.of(experiment.controlArm(), Holdouts.TREATED), window,
                minimumEffectPoints, HOLDOUT_KIND, null, GoalMetric.CONVERSION, null, null, null));
    }

    /**
     * The arm of a variant experiment that did best on its goal metric (the lowest unsubscribe rate, the highest of
     * the others), the first declared on a tie; empty when no arm has contacts.
     */
    Optional<String> bestArm(String id, Duration window) {
        VariantRegistry.Registered v = registry.find(id).orElseThrow();
        Map<String, ArmFigures> byArm = figuresByArm(id, armNames(v), window);
        String best = null;
        double bestValue = 0;
        for (ArmFigures f : byArm.values()) {
            if (f.conversions().contacts() == 0 || !v.spec().declares(f.arm())) {
                continue; // the holdout is no arm a new entrant can be given
            }
            double contacts = f.conversions().contacts();
            double value = switch (v.goal()) {
                case CONVERSION -> f.conversions().rate();
                case REACTIVATION -> f.reactivated() / contacts;
                case REVENUE_PER_CONTACT -> f.revenue().mean();
                case UNSUBSCRIBE_RATE -> -f.unsubscribed() / contacts;
            };
            if (best == null || value > bestValue) {
                best = f.arm();
                bestValue = value;
            }
        }
        return Optional.ofNullable(best);
    }

    private Result result(String id, String journey, BigDecimal share, String salt, boolean configured,
            List<String> armNames, Duration window, BigDecimal minimumEffectPoints, String kind, String name,
            GoalMetric goal, String status, String winner, Instant startedAt) {
        Map<String, ArmFigures> byArm = figuresByArm(id, armNames, window);
        // a variant experiment with contacts sent nothing (a journey's holdout, the global control group) is read
        // against them; otherwise against its first arm. A holdout experiment's first arm is its held-back one.
        ArmFigures heldOut = byArm.get(Holdouts.HOLDOUT);
        String controlArm = heldOut != null && heldOut.conversions().contacts() > 0 ? Holdouts.HOLDOUT
                : armNames.get(0);
        ArmFigures control = byArm.get(controlArm);
        double minimumEffect = minimumEffectPoints.movePointLeft(2).doubleValue();

        List<ArmResult> arms = byArm.values().stream().map(f -> armResult(f, f.arm().equals(controlArm))).toList();
        Long perArm = control.conversions().contacts() > 0
                ? SampleSize.perArm(control.conversions().rate(), minimumEffect) : null;
        List<Comparison> comparisons = new ArrayList<>();
        for (ArmFigures treated : byArm.values()) {
            if (treated.arm().equals(controlArm)) {
                continue;
            }
            Lift lift = TwoProportionTest.compare(control.conversions(), treated.conversions())
                    .map(c -> new Lift(c.difference() * 100, c.low() * 100, c.high() * 100, c.pValue(),
                            c.significant()))
                    .orElse(null);
            RevenueDifference revenue = WelchTest.compare(control.revenue(), treated.revenue())
                    .map(m -> new RevenueDifference(m.difference(), m.low(), m.high(), m.pValue(), m.significant()))
                    .orElse(null);
            Long stillNeeded = perArm == null ? null : SampleSize.stillNeeded(perArm,
                    Math.min(control.conversions().contacts(), treated.conversions().contacts()));
            Verdict verdict = Verdict.onRates(controlArm, control.conversions(), treated.arm(),
                    treated.conversions(), minimumEffect);
            comparisons.add(new Comparison(treated.arm(), lift, revenue, stillNeeded, verdict.kind(),
                    verdict.sentence()));
        }
        Comparison first = comparisons.get(0);
        return new Result(id, journey, share, salt, configured, window.toString(), minimumEffectPoints, controlArm,
                arms, first.lift(), first.revenue(), perArm, first.stillNeededPerArm(), first.verdict(),
                first.sentence(), kind, name, goal, status, winner, startedAt, comparisons);
    }

    /** Every declared arm in its order (empty ones included), then any recorded arm no longer declared. */
    private Map<String, ArmFigures> figuresByArm(String id, List<String> armNames, Duration window) {
        Map<String, ArmFigures> byArm = new LinkedHashMap<>();
        armNames.forEach(a -> byArm.put(a, empty(a)));
        figures.figures(id, window).forEach(f -> byArm.put(f.arm(), f));
        return byArm;
    }

    private static ArmResult armResult(ArmFigures f, boolean control) {
        long contacts = f.conversions().contacts();
        return new ArmResult(f.arm(), control, contacts, f.conversions().converted(),
                contacts == 0 ? null : f.conversions().rate(), f.revenue().sum(),
                f.revenue().contacts() == 0 ? null : f.revenue().mean(), f.reactivated(),
                contacts == 0 ? null : (double) f.reactivated() / contacts, f.unsubscribed(),
                contacts == 0 ? null : (double) f.unsubscribed() / contacts);
    }

    private static List<String> armNames(VariantRegistry.Registered v) {
        return v.spec().arms().stream().map(Arm::name).toList();
    }

    /** Configured first (the global control group, then the journeys' holdouts), then recorded only, by id. */
    private Map<String, Experiment> experiments() {
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        ExperimentProperties.GlobalControl global = properties.globalControl();
        if (global.share().signum() > 0) {
            experiments.put(Holdouts.GLOBAL_CONTROL, new Experiment(Holdouts.GLOBAL_CONTROL, null, Holdouts.CONTROL,
                    global.share(), global.salt(), true));
        }
        for (String journey : models.latestProcessDefinitions().stream().map(ProcessModels.Definition::key).sorted()
                .toList()) {
            holdout(journey).filter(Experiment::configured).ifPresent(e -> experiments.put(e.id(), e));
        }
        for (Recorded r : figures.recorded()) {
            if (experiments.containsKey(r.experiment())) {
                continue;
            }
            if (r.experiment().equals(Holdouts.GLOBAL_CONTROL)) {
                experiments.put(r.experiment(), new Experiment(r.experiment(), null, Holdouts.CONTROL,
                        global.share(), global.salt(), false));
            } else if (r.experiment().startsWith(Holdouts.HOLDOUT + ":")) {
                holdout(r.experiment().substring(Holdouts.HOLDOUT.length() + 1))
                        .ifPresent(e -> experiments.put(e.id(), e));
            }
        }
        return experiments;
    }

    /** The holdout of a journey, configured (share above 0) or not. */
    private Optional<Experiment> holdout(String journey) {
        String id = Holdouts.holdoutOf(journey);
        return Optional.of(properties.holdoutOf(journey).map(h -> new Experiment(id, journey, Holdouts.HOLDOUT,
                        h.share(), h.saltOr(id), h.share().signum() > 0))
                .orElse(new Experiment(id, journey, Holdouts.HOLDOUT, BigDecimal.ZERO.setScale(2), id, false)));
    }

    private static List<ArmCount> withArms(List<String> declared, List<ArmCount> recorded) {
        Map<String, ArmCount> arms = new LinkedHashMap<>();
        declared.forEach(a -> arms.put(a, new ArmCount(a, 0)));
        recorded.forEach(a -> arms.put(a.arm(), a));
        return List.copyOf(arms.values());
    }

    private static ArmFigures empty(String arm) {
        return new ArmFigures(arm, new Conversions(0, 0), new RevenueSums(0, BigDecimal.ZERO, BigDecimal.ZERO), 0, 0);
    }
}
