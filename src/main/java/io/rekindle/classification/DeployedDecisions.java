package io.rekindle.classification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rekindle.engine.ProcessModels;

import org.springframework.stereotype.Component;

/**
 * The classification decision as deployed in the engine — the file analysts edit and deploy from
 * the Modeler — turned into a fast evaluator once per decision version.
 */
@Component
class DeployedDecisions {

    record Version(String definitionId, int version) {
    }

    private final ProcessModels models;
    private final Map<String, ClassificationEvaluator> evaluators = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> annotations = new ConcurrentHashMap<>();

    DeployedDecisions(ProcessModels models) {
        this.models = models;
    }

    Version latest() {
        var definition = models.latestDecision(ClassificationEvaluator.DECISION_ID).orElseThrow(
                () -> new IllegalStateException("No decision '" + ClassificationEvaluator.DECISION_ID + "' is deployed"));
        return new Version(definition.id(), definition.version());
    }

    ClassificationEvaluator evaluator(String definitionId) {
        return evaluators.computeIfAbsent(definitionId,
                id -> ClassificationEvaluator.load(model(id), ClassificationEvaluator.DEFAULT_CACHE_SIZE));
    }

    /** Rule id → the analyst's annotation, for explanations. */
    Map<String, String> annotations(String definitionId) {
        return annotations.computeIfAbsent(definitionId, id -> DmnDocument.parse(model(id)).annotations());
    }

    String definitionId(int version) {
        return models.decision(ClassificationEvaluator.DECISION_ID, version).map(ProcessModels.Definition::id)
                .orElse(null);
    }

    private byte[] model(String definitionId) {
        return models.decisionModel(definitionId);
    }
}
