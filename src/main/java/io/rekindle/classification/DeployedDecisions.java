package io.rekindle.classification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * The classification decision as deployed in the engine — the file analysts edit and deploy from
 * the Modeler — turned into a fast evaluator once per decision version.
 */
@Component
class DeployedDecisions {

    record Version(String definitionId, int version) {
    }

    private final RepositoryService repository;
    private final Map<String, ClassificationEvaluator> evaluators = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> annotations = new ConcurrentHashMap<>();

    DeployedDecisions(RepositoryService repository) {
        this.repository = repository;
    }

    Version latest() {
        DecisionDefinition definition = repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(ClassificationEvaluator.DECISION_ID).latestVersion().singleResult();
        if (definition == null) {
            throw new IllegalStateException("No decision '" + ClassificationEvaluator.DECISION_ID + "' is deployed");
        }
        return new Version(definition.getId(), definition.getVersion());
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
        DecisionDefinition definition = repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(ClassificationEvaluator.DECISION_ID).decisionDefinitionVersion(version)
                .singleResult();
        return definition == null ? null : definition.getId();
    }

    private byte[] model(String definitionId) {
        try (InputStream in = repository.getDecisionModel(definitionId)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
