package io.rekindle.classification;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.rekindle.engine.DecisionEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates one version of a decision: with the compiled tables when the DMN file compiles, with the real engine
 * when it does not (an analyst used an expression the compiler does not know) and for the rare evaluation the compiled
 * tables cannot decide. Thread-safe.
 *
 * <p>Engine evaluations go through a bounded memo of identical input tuples. Compiled evaluations do not: measured on
 * seeded random contacts, a memo lookup costs more than a compiled evaluation (≈1.1 M/s behind the memo against
 * ≈2.6 M/s without, one thread), while it turns a ≈1 ms engine evaluation into a map lookup.
 */
public final class DecisionEvaluator {

    private static final Logger log = LoggerFactory.getLogger(DecisionEvaluator.class);

    private final String decisionId;
    private final List<String> variableNames;
    private final CompiledDecision compiled;
    private final String notCompiledReason;
    private final DecisionEngine.ParsedDecision engine;
    private final Map<String, String> annotations;
    private final BoundedCache<Inputs, DecisionOutcome> cache;
    private final LongAdder engineEvaluations = new LongAdder();

    private DecisionEvaluator(String decisionId, List<String> variableNames, CompiledDecision compiled,
                              String notCompiledReason, DecisionEngine.ParsedDecision engine,
                              Map<String, String> annotations, int cacheSize) {
        this.decisionId = decisionId;
        this.variableNames = variableNames;
        this.compiled = compiled;
        this.notCompiledReason = notCompiledReason;
        this.engine = engine;
        this.annotations = annotations;
        this.cache = new BoundedCache<>(cacheSize);
    }

    /**
     * @param dmnXml        the DMN file as analysts edit and deploy it
     * @param variableNames the variables {@link #evaluate} receives, in order
     * @param cacheSize     how many distinct input tuples of engine evaluations to remember (0 = no memo)
     */
    public static DecisionEvaluator load(byte[] dmnXml, String decisionId, List<String> variableNames, int cacheSize) {
        DmnDocument document = DmnDocument.parse(dmnXml);
        DecisionEngine.ParsedDecision engine = new DecisionEngine().parse(dmnXml, decisionId);
        // rule id → the analyst's annotation (rules without one left out)
        Map<String, String> annotations = document.annotations().entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        CompiledDecision compiled = null;
        String reason = null;
        try {
            compiled = CompiledDecision.compile(document, decisionId, variableNames);
        } catch (NotCompilableException e) {
            reason = e.getMessage();
            log.warn("Decision {} is evaluated by the DMN engine, much slower than compiled: {}", decisionId, reason);
        }
        return new DecisionEvaluator(decisionId, List.copyOf(variableNames), compiled, reason, engine,
                Map.copyOf(annotations), cacheSize);
    }

    public DecisionOutcome evaluate(Object... values) {
        if (values.length != variableNames.size()) {
            throw new IllegalArgumentException("expected " + variableNames.size() + " values, got " + values.length);
        }
        if (compiled != null) {
            Optional<DecisionOutcome> outcome = compiled.evaluate(values);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        return cache.get(new Inputs(values.clone()), inputs -> evaluateWithEngine(inputs.values()));
    }

    /** The engine alone, bypassing compiled tables and memo: the reference the compiled path is tested against. */
    public DecisionOutcome evaluateWithEngine(Object... values) {
        engineEvaluations.increment();
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            variables.put(variableNames.get(i), values[i]);
        }
        DecisionEngine.Evaluation evaluation = engine.evaluate(variables);
        return new DecisionOutcome(evaluation.decisionKey(), evaluation.outputs(), evaluation.matchedRules().stream()
                .map(rule -> new MatchedRule(rule.decisionKey(), rule.ruleId(), annotations.get(rule.ruleId())))
                .toList());
    }

    /** The compiled tables alone, bypassing memo and engine; empty when they cannot decide or did not compile. */
    public Optional<DecisionOutcome> evaluateCompiled(Object... values) {
        return compiled == null ? Optional.empty() : compiled.evaluate(values);
    }

    public String decisionId() {
        return decisionId;
    }

    public List<String> variableNames() {
        return variableNames;
    }

    public boolean isCompiled() {
        return compiled != null;
    }

    /** Why the decision is not compiled, if it is not. */
    public Optional<String> notCompiledReason() {
        return Optional.ofNullable(notCompiledReason);
    }

    /** How many evaluations the engine actually ran (memo hits excluded): should stay near zero in a daily run. */
    public long engineEvaluations() {
        return engineEvaluations.sum();
    }

    /** Memo key: the input tuple, compared element by element. */
    private record Inputs(Object[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Inputs inputs && Arrays.equals(values, inputs.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
