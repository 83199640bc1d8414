package io.rekindle.experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

/**
 * The variant experiments' figures per arm, for the KPIs and the dashboard: the same numbers and sentence as
 * {@code GET /api/experiments/{id}}, flattened to one line per arm.
 */
@Service
public class ExperimentReadouts {

    private final ExperimentResults results;
    private final VariantRegistry registry;
    private final ExperimentProperties properties;

    ExperimentReadouts(ExperimentResults results, VariantRegistry registry, ExperimentProperties properties) {
        this.results = results;
        this.registry = registry;
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

    /** Every variant experiment's arms, experiment by experiment in the order they started, arms as declared. */
    public List<ArmReadout> variantArms(Duration window) {
        BigDecimal minimumEffect = properties.minimumEffect();
        List<ArmReadout> lines = new ArrayList<>();
        for (VariantRegistry.Registered v : registry.all()) {
            ExperimentResults.Result result = results.result(v.id(), window, minimumEffect).orElseThrow();
            for (ExperimentResults.ArmResult arm : result.arms()) {
                String sentence = result.comparisons().stream().filter(c -> c.arm().equals(arm.arm()))
                        .map(ExperimentResults.Comparison::sentence).findFirst().orElse(null);
                lines.add(new ArmReadout(v.journey(), v.id(), v.name(), v.status(), v.winner(), arm.arm(),
                        arm.control(), arm.contacts(), arm.conversions(), arm.conversionRate(),
                        arm.revenuePerContact(), sentence));
            }
        }
        return lines;
    }
}
