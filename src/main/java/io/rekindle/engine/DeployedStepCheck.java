package io.rekindle.engine;

import java.util.Map;

/**
 * A feature's check of the steps that call its delegate, run when a diagram is deployed (from the Modeler, Cockpit or
 * at start): a step whose inputs cannot work is refused then, with a sentence saying what to fix, rather than failing
 * into an incident the first time a contact reaches it. Implemented as a bean.
 */
public interface DeployedStepCheck {

    /** The delegate expression of the steps to check, e.g. {@code ${splitIntoVariants}}. */
    String delegateExpression();

    /**
     * Checks one step's input parameters as written in the diagram (literal text, never evaluated).
     *
     * @throws IllegalArgumentException with a readable message when they are wrong
     */
    void check(String stepId, Map<String, String> inputs);
}
