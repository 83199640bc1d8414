package io.rekindle.experiment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.rekindle.system.ApiProblem;
import io.rekindle.system.FieldProblemException;
import io.rekindle.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Experiments")
@RequestMapping("/api/experiments")
class ExperimentController {

    /** Past ten years a window says nothing an experiment could use; the bound keeps the SQL's number small. */
    private static final Duration LONGEST_WINDOW = Duration.ofDays(3650);

    private final ExperimentResults results;
    private final Variants variants;
    private final Duration attributionWindow;
    private final BigDecimal minimumEffect;

    ExperimentController(ExperimentResults results, Variants variants, ExperimentProperties properties,
            @Value("${rekindle.kpi.attribution-window:P7D}") Duration attributionWindow) {
        this.results = results;
        this.variants = variants;
        this.attributionWindow = attributionWindow;
        this.minimumEffect = properties.minimumEffect();
    }

    @Operation(summary = "The experiments", description = "The global control group and each journey's"
            + " holdout, configured today (share above 0) or with contacts recorded: id (as recorded with the"
            + " contacts: global-control, holdout:<journey>), journey, share (percent), salt, configured, and the"
            + " contacts recorded per arm (kind holdout); then the variant experiments the journeys' splits registered"
            + " (kind variant): name, goal metric, status (RUNNING, STOPPED), winner, start, contacts per arm."
            + " Figures only, no personal data.")
    @GetMapping
    List<ExperimentResults.Summary> experiments() {
        return results.all();
    }

    @Operation(summary = "The result of one experiment", description = "Per arm (the held-back one, or a variant"
            + " experiment's first arm, as control):"
            + " contacts, conversions (contacts with a PURCHASE at or after their assignment and before assignment +"
            + " window), conversion rate (0 to 1), revenue and revenue per contact (purchases in the same span, 0 for"
            + " a contact who bought nothing), reactivations (a purchase, visit or a person's click in the span) and"
            + " unsubscribes (an unsubscribe in the span) with their rates. Then each other arm against the control"
            + " (comparisons; the first one also at the top level): lift in percentage"
            + " points with its 95 % confidence interval (Newcombe's hybrid score interval) and p-value (pooled"
            + " two-proportion z-test); revenue per contact difference with its 95 % Welch interval and p-value;"
            + " the contacts per arm needed to detect minimumEffect (power 80 %) and how many are still missing;"
            + " the verdict and its plain sentence. Fields are null where an arm has no contacts (or, for revenue,"
            + " no spread). Figures only, no personal data.")
    @ApiProblem(status = 400, when = "window is not an ISO-8601 duration of 1 second to 3650 days, or minimumEffect"
            + " is not above 0 and at most 100 points, or no rate can differ from the control's by that much.")
    @ApiProblem(status = 404, when = "No experiment has this id.")
    @GetMapping("/{id}")
    ExperimentResults.Result experiment(
            @Parameter(description = "global-control, holdout:<journey> (e.g. holdout:inactive-winback) or a variant"
                    + " experiment's id")
            @PathVariable String id,
            @Parameter(description = "Attribution window, ISO-8601 duration (default rekindle.kpi.attribution-window)")
            @RequestParam(required = false) String window,
            @Parameter(description = "Minimum effect in percentage points (default rekindle.experiments.minimum-effect)")
            @RequestParam(required = false) BigDecimal minimumEffect) {
        Duration span = window == null ? attributionWindow : duration(window);
        BigDecimal effect = minimumEffect == null ? this.minimumEffect : minimumEffect;
        if (effect.signum() <= 0 || effect.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new FieldProblemException("minimumEffect", "must be above 0 and at most 100 (percentage points)");
        }
        try {
            return results.result(id, span, effect)
                    .orElseThrow(() -> new NotFoundException("No experiment " + id + "."));
        } catch (SampleSize.EffectOutOfReach e) {
            // the sample size and the verdict: no rate lies that far from the control's (50 points from 50 %, say);
            // any other failure is ours, a 500, not the caller's 400
            throw new FieldProblemException("minimumEffect", "is larger than any difference from the control's rate");
        }
    }

    /** What to stop an experiment with: the winner, or none to let the goal metric pick it. */
    record StopRequest(String winner) {
    }

    @Operation(summary = "Stop a variant experiment", description = "From now on every contact reaching the split"
            + " takes the winner, without redeploying; contacts already assigned keep their arm (and their figures)."
            + " Body optional: {\"winner\": \"B\"}; without a winner, the arm that did best on the experiment's goal"
            + " metric over the attribution window wins (the first declared on a tie). Returns the experiment's result.")
    @ApiProblem(status = 400, when = "winner is not one of the experiment's arms.")
    @ApiProblem(status = 404, when = "No variant experiment has this id (holdouts are stopped by their share).")
    @ApiProblem(status = 409, when = "The experiment is stopped already, or no winner is named and no arm has"
            + " contacts yet.")
    @PostMapping("/{id}/stop")
    ExperimentResults.Result stop(
            @Parameter(description = "The experiment id set on the split, e.g. relaunch-subject-2026-06")
            @PathVariable String id,
            @RequestBody(required = false) StopRequest request) {
        String winner = request == null ? null : request.winner();
        variants.stop(id, winner, () -> results.bestArm(id, attributionWindow));
        return results.result(id, attributionWindow, minimumEffect).orElseThrow();
    }

    private static Duration duration(String text) {
        Duration parsed;
        try {
            parsed = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new FieldProblemException("window", "must be an ISO-8601 duration such as P7D or PT12H");
        }
        if (parsed.compareTo(Duration.ofSeconds(1)) < 0 || parsed.compareTo(LONGEST_WINDOW) > 0
                || parsed.getNano() != 0) {
            throw new FieldProblemException("window", "must be whole seconds from PT1S to P3650D");
        }
        return parsed;
    }
}
