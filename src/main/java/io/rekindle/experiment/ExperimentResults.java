package io.rekindle.experiment;

import java.math.BigDecimal;
import java.time.Duration;
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
 * The holdout experiments and their results: the figures per arm from {@link ExperimentFigures}, read by
 * {@link TwoProportionTest} (conversion), {@link WelchTest} (revenue per contact), {@link SampleSize} and
 * {@link Verdict}, always the {@value Holdouts#TREATED} arm against the held-back one.
 *
 * <p>The experiments are those configured today (the global control group, the holdout of each deployed journey
 * with a share above 0) and those with arms recorded, configured or not any more: a stopped holdout keeps its figures.
 */
@Service
class ExperimentResults {

    private final ExperimentFigures figures;
    private final ExperimentProperties properties;
    private final ProcessModels models;

    ExperimentResults(ExperimentFigures figures, ExperimentProperties properties, ProcessModels models) {
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

    record Summary(String id, String journey, BigDecimal share, String salt, boolean configured,
            List<ArmCount> arms) {
    }

    record ArmResult(String arm, boolean control, long contacts, long conversions, Double conversionRate,
            BigDecimal revenue, Double revenuePerContact) {
    }

    /** Treated − control in percentage points, its 95 % Newcombe interval and the pooled z-test's p-value. */
    record Lift(double points, double lowPoints, double highPoints, double pValue, boolean significant) {
    }

    /** Treated − control revenue per contact, its 95 % Welch interval and p-value. */
    record RevenueDifference(double perContact, double low, double high, double pValue, boolean significant) {
    }

    record Result(String id, String journey, BigDecimal share, String salt, boolean configured, String window,
            BigDecimal minimumEffectPoints, String controlArm, List<ArmResult> arms, Lift lift,
            RevenueDifference revenue, Long sampleSizePerArm, Long stillNeededPerArm, Verdict.Kind verdict,
            String sentence) {
    }

    List<Summary> all() {
        Map<String, Experiment> experiments = experiments();
        Map<String, List<ArmCount>> counts = new LinkedHashMap<>();
        for (Recorded r : figures.recorded()) {
            counts.computeIfAbsent(r.experiment(), k -> new ArrayList<>()).add(new ArmCount(r.arm(), r.contacts()));
        }
        return experiments.values().stream().map(e -> new Summary(e.id(), e.journey(), e.share(), e.salt(),
                e.configured(), withBothArms(e, counts.getOrDefault(e.id(), List.of())))).toList();
    }

    /** The result of experiment {@code id}; empty when no such experiment is configured or recorded. */
    Optional<Result> result(String id, Duration window, BigDecimal minimumEffectPoints) {
        Experiment experiment = experiments().get(id);
        if (experiment == null) {
            return Optional.empty();
        }
        Map<String, ArmFigures> byArm = new LinkedHashMap<>();
        byArm.put(experiment.controlArm(), empty(experiment.controlArm()));
        byArm.put(Holdouts.TREATED, empty(Holdouts.TREATED));
        figures.figures(id, window).forEach(f -> byArm.put(f.arm(), f));
        ArmFigures control = byArm.get(experiment.controlArm());
        ArmFigures treated = byArm.get(Holdouts.TREATED);
        double minimumEffect = minimumEffectPoints.movePointLeft(2).doubleValue();

        List<ArmResult> arms = byArm.values().stream().map(f -> new ArmResult(f.arm(),
                f.arm().equals(experiment.controlArm()), f.conversions().contacts(), f.conversions().converted(),
                f.conversions().contacts() == 0 ? null : f.conversions().rate(), f.revenue().sum(),
                f.revenue().contacts() == 0 ? null : f.revenue().mean())).toList();
        Lift lift = TwoProportionTest.compare(control.conversions(), treated.conversions())
                .map(c -> new Lift(c.difference() * 100, c.low() * 100, c.high() * 100, c.pValue(), c.significant()))
                .orElse(null);
        RevenueDifference revenue = WelchTest.compare(control.revenue(), treated.revenue())
                .map(m -> new RevenueDifference(m.difference(), m.low(), m.high(), m.pValue(), m.significant()))
                .orElse(null);
        Long perArm = null;
        Long stillNeeded = null;
        if (control.conversions().contacts() > 0) {
            perArm = SampleSize.perArm(control.conversions().rate(), minimumEffect);
            stillNeeded = SampleSize.stillNeeded(perArm,
                    Math.min(control.conversions().contacts(), treated.conversions().contacts()));
        }
        Verdict verdict = Verdict.onRates(experiment.controlArm(), control.conversions(), Holdouts.TREATED,
                treated.conversions(), minimumEffect);
        return Optional.of(new Result(id, experiment.journey(), experiment.share(), experiment.salt(),
                experiment.configured(), window.toString(), minimumEffectPoints, experiment.controlArm(), arms, lift,
                revenue, perArm, stillNeeded, verdict.kind(), verdict.sentence()));
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

    private static List<ArmCount> withBothArms(Experiment experiment, List<ArmCount> recorded) {
        Map<String, ArmCount> arms = new LinkedHashMap<>();
        arms.put(experiment.controlArm(), new ArmCount(experiment.controlArm(), 0));
        arms.put(Holdouts.TREATED, new ArmCount(Holdouts.TREATED, 0));
        recorded.forEach(a -> arms.put(a.arm(), a));
        return List.copyOf(arms.values());
    }

    private static ArmFigures empty(String arm) {
        return new ArmFigures(arm, new Conversions(0, 0), new RevenueSums(0, BigDecimal.ZERO, BigDecimal.ZERO));
    }
}
