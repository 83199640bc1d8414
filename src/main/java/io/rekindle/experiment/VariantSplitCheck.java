package io.rekindle.experiment;

import java.util.Map;

import io.rekindle.engine.DeployedStepCheck;

import org.springframework.stereotype.Component;

/**
 * A diagram whose "Split into variants" step declares a wrong experiment (two arms with one name, a weight that is not
 * a number, an unknown goal metric, an expression where a value belongs…) is refused when it is deployed, with the
 * sentence the step would fail with, so marketing ops read it in the Modeler rather than in Cockpit. The step checks
 * again when it runs (a diagram deployed before this check; a registered experiment whose arms differ).
 */
@Component
class VariantSplitCheck implements DeployedStepCheck {

    @Override
    public String delegateExpression() {
        return VariantSpec.DELEGATE;
    }

    @Override
    public void check(String stepId, Map<String, String> inputs) {
        try {
            VariantSpec.parse(inputs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Step " + stepId + ": " + e.getMessage(), e);
        }
    }
}
