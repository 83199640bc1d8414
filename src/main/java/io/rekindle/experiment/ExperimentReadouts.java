package io.rekindle.experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

/**
 * The experiments' figures per arm (holdouts and variant experiments), for the KPIs and the dashboard: the same numbers and sentence as
 * {@code GET /api/experiments/{id}}, flattened to one line per arm.
 */
@Service
public class ExperimentReadouts {

    private final ExperimentResults results;
    private final ExperimentProperties properties;

    ExperimentReadouts(ExperimentResults results, ExperimentProperties properties) {
        this.results = results;
        this.properties = properties;
    }

    /**
     * One arm of a variant experiment: {@code sentence} is its comparison with the control (null on the control's
     * own line).
     */
    public record ArmReadout(String journey, String experiment, String name, String status, String winner,
            String arm, boolean control, long contacts, long converted, Double conversionRate,
            Double revenuePerContact, String sentence) {
    }

    /**
     * Every experiment's arms: the holdouts first (the global control group, journey null: it spans every journey;
     * then each journey's holdout), then the variant experiments in the order they started, arms as declared.
     */
    public List<ArmReadout> arms(Duration window) {
        BigDecimal minimumEffect = properties.minimumEffect();
        List<ArmReadout> lines = new ArrayList<>();
        for (ExperimentResults.Summary experiment : results.all()) {
            ExperimentResults.Result result = results.result(experiment.id(), window, minimumEffect).orElseThrow();
            boolean holdout = ExperimentResults.HOLDOUT_KIND.equals(experiment.kind());
            String name = holdout ? (experiment.journey() == null ? "Global control group" : "Holdout")
                    : experiment.name();
            String status = holdout ? (experiment.configured() ? "RUNNING" : "OFF") : experiment.status();
            for (ExperimentResults.ArmResult arm : result.arms()) {
                String sentence = result.comparisons().stream().filter(c -> c.arm().equals(arm.arm()))
                        .map(ExperimentResults.Comparison::sentence).findFirst().orElse(null);
                lines.add(new ArmReadout(experiment.journey(), experiment.id(), name, status, experiment.winner(),
                        arm.arm(), arm.control(), arm.contacts(), arm.conversions(), arm.conversionRate(),
                        arm.revenuePerContact(), sentence));
            }
        }
        return lines;
    }
}
