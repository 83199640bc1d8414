package io.rekindle.classification;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRequirementsGraph;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionLogicEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;

/**
 * The one place that talks to the Camunda DMN engine (keep it that way: we may move to the Operaton fork).
 *
 * <p>Uses the standalone DMN engine, not the process engine's decision service: a daily run over a million contacts
 * must not write a million decision history entries. The engine does not say which rule matched in its result, so a
 * listener captures the matched rules of each evaluation on the evaluating thread.
 */
final class CamundaDecisionEngine {

    private static final ThreadLocal<DmnDecisionEvaluationEvent> LAST_EVALUATION = new ThreadLocal<>();

    private final DmnEngine engine;

    CamundaDecisionEngine() {
        DefaultDmnEngineConfiguration configuration =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        DmnDecisionEvaluationListener capture = LAST_EVALUATION::set;
        configuration.customPostDecisionEvaluationListeners(List.of(capture));
        this.engine = configuration.buildEngine();
    }

    /** One decision of a parsed DMN file, ready to evaluate; thread-safe. */
    final class ParsedDecision {
        private final DmnDecision decision;
        private final Map<String, String> annotations;

        private ParsedDecision(DmnDecision decision, Map<String, String> annotations) {
            this.decision = decision;
            this.annotations = annotations;
        }

        DecisionOutcome evaluate(Map<String, Object> variables) {
            LAST_EVALUATION.remove();
            DmnDecisionResult result = engine.evaluateDecision(decision, new HashMap<>(variables));
            DmnDecisionEvaluationEvent event = LAST_EVALUATION.get();
            LAST_EVALUATION.remove();
            if (result.size() > 1) {
                throw new IllegalStateException("decision " + decision.getKey() + " returned " + result.size()
                        + " results, one at most is expected");
            }
            Map<String, Object> outputs = result.isEmpty() ? Map.of() : result.getSingleResult().getEntryMap();
            List<MatchedRule> matched = new ArrayList<>();
            if (event != null) {
                event.getRequiredDecisionResults().forEach(required -> addMatchedRules(required, matched));
                addMatchedRules(event.getDecisionResult(), matched);
            }
            return new DecisionOutcome(decision.getKey(), outputs, matched);
        }

        private void addMatchedRules(DmnDecisionLogicEvaluationEvent event, List<MatchedRule> matched) {
            if (event instanceof DmnDecisionTableEvaluationEvent table) {
                for (DmnEvaluatedDecisionRule rule : table.getMatchingRules()) {
                    matched.add(new MatchedRule(event.getDecision().getKey(), rule.getId(), annotations.get(rule.getId())));
                }
            }
        }
    }

    /** Parses the whole file, so required decisions resolve as in a deployment. */
    ParsedDecision parse(byte[] dmnXml, String decisionId, Map<String, String> annotations) {
        DmnDecisionRequirementsGraph graph = engine.parseDecisionRequirementsGraph(new ByteArrayInputStream(dmnXml));
        DmnDecision decision = graph.getDecision(decisionId);
        if (decision == null) {
            throw new IllegalArgumentException("no decision " + decisionId + " in the DMN file");
        }
        Map<String, String> written = annotations.entrySet().stream().filter(entry -> entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ParsedDecision(decision, Map.copyOf(written));
    }
}
