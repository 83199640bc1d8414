package io.rekindle.journey;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.Step;
import io.rekindle.experiment.Holdouts;
import io.rekindle.experiment.Variants;
import io.rekindle.experiment.VariantSpec;

import org.springframework.stereotype.Component;

/**
 * "Split into variants": puts the contact in one arm of a variant experiment and leaves the arm in
 * {@value Variants#VAR_ARM} (and the experiment in {@value Variants#VAR_EXPERIMENT}) for the outgoing flows'
 * conditions ({@code ${variantArm == 'B'}}), Cockpit and the outbox rows the journey writes next. Inputs (set in the
 * Modeler): {@code experimentId}, {@code experimentName}, {@code arms} ({@code A:50,B:50}), {@code goalMetric},
 * {@code salt} (optional). A wrong input fails the step with a sentence saying what to fix (an incident).
 */
@Component("splitIntoVariants")
@StepInputs({SplitIntoVariantsDelegate.INPUT_EXPERIMENT_ID, SplitIntoVariantsDelegate.INPUT_EXPERIMENT_NAME,
    SplitIntoVariantsDelegate.INPUT_ARMS, SplitIntoVariantsDelegate.INPUT_GOAL_METRIC,
    SplitIntoVariantsDelegate.INPUT_SALT})
class SplitIntoVariantsDelegate extends JourneyStep {

    static final String INPUT_EXPERIMENT_ID = "experimentId";
    static final String INPUT_EXPERIMENT_NAME = "experimentName";
    static final String INPUT_ARMS = "arms";
    static final String INPUT_GOAL_METRIC = "goalMetric";
    static final String INPUT_SALT = "salt";

    private final Variants variants;

    SplitIntoVariantsDelegate(Variants variants) {
        this.variants = variants;
    }

    @Override
    protected void run(Step step) {
        VariantSpec spec = VariantSpec.parse(step.input(INPUT_EXPERIMENT_ID), step.input(INPUT_EXPERIMENT_NAME),
                step.input(INPUT_ARMS), step.input(INPUT_GOAL_METRIC), step.input(INPUT_SALT));
        Long contactId = step.get(Journeys.CONTACT_ID);
        if (contactId == null) {
            throw new IllegalStateException("Split into variants: experiment " + spec.id() + " needs the journey's "
                    + Journeys.VAR_CONTACT_ID + " variable; this journey has none.");
        }
        // a contact the journey sends nothing walks an arm's path silently and is counted in the holdout arm
        boolean heldOut = Holdouts.HOLDOUT.equals(step.variable(Holdouts.VAR_ARM))
                || Holdouts.CONTROL.equals(step.variable(Holdouts.VAR_GLOBAL_ARM));
        step.setVariable(Variants.VAR_ARM, variants.armOf(spec, step.processKey(), contactId, heldOut));
        step.setVariable(Variants.VAR_EXPERIMENT, spec.id());
    }
}
