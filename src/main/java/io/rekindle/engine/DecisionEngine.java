package io.rekindle.engine;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRequirementsGraph;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionLogicEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;

/**
 * The standalone DMN engine, not the process engine's decision service: a daily run over a million contacts must
 * not write a million decision history entries. The engine does not say which rule matched in its result, so a
 * listener captures the matched rules of each evaluation on the evaluating thread.
 */
public final class DecisionEngine {

    /** A rule that matched: its decision and its id. */
    public record RuleHit(String decisionKey, String ruleId) {
    }

    /** The root decision's outputs (empty: no rule matched) and the matched rules, required decisions first. */
    public record Evaluation(String decisionKey, Map<String, Object> outputs, List<RuleHit> matchedRules) {
    }

    private static final ThreadLocal<DmnDecisionEvaluationEvent> LAST_EVALUATION = new ThreadLocal<>();

    private final DmnEngine engine;

    public DecisionEngine() {
        DmnDecisionEvaluationListener capture = LAST_EVALUATION::set;
        this.engine = EngineInternals.dmnEngine(capture);
    }

    /** One decision of a parsed DMN file, ready to evaluate; thread-safe. */
    public final class ParsedDecision {
        private final DmnDecision decision;

        private ParsedDecision(DmnDecision decision) {
            this.decision = decision;
        }

        public Evaluation evaluate(Map<String, Object> variables) {
            LAST_EVALUATION.remove();
            DmnDecisionResult result = engine.evaluateDecision(decision, new HashMap<>(variables));
            DmnDecisionEvaluationEvent event = LAST_EVALUATION.get();
            LAST_EVALUATION.remove();
            if (result.size() > 1) {
                throw new IllegalStateException("decision " + decision.getKey() + " returned " + result.size()
                        + " results, one at most is expected");
            }
            Map<String, Object> outputs = result.isEmpty() ? Map.of() : result.getSingleResult().getEntryMap();
            List<RuleHit> matched = new ArrayList<>();
            if (event != null) {
                event.getRequiredDecisionResults().forEach(required -> addMatchedRules(required, matched));
                addMatchedRules(event.getDecisionResult(), matched);
            }
            return new Evaluation(decision.getKey(), outputs, matched);
        }

        private void addMatchedRules(DmnDecisionLogicEvaluationEvent event, List<RuleHit> matched) {
            if (event instanceof DmnDecisionTableEvaluationEvent table) {
                for (DmnEvaluatedDecisionRule rule : table.getMatchingRules()) {
                    matched.add(new RuleHit(event.getDecision().getKey(), rule.getId()));
                }
            }
        }
    }

    /** Parses the whole file, so required decisions resolve as in a deployment. */
    public ParsedDecision parse(byte[] dmnXml, String decisionId) {
        DmnDecisionRequirementsGraph graph = engine.parseDecisionRequirementsGraph(new ByteArrayInputStream(dmnXml));
        DmnDecision decision = graph.getDecision(decisionId);
        if (decision == null) {
            throw new IllegalArgumentException("no decision " + decisionId + " in the DMN file");
        }
        return new ParsedDecision(decision);
    }
}
