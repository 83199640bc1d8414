package io.rekindle.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

/** The deployed journeys (BPMN) and decisions (DMN): deploy them, find their versions, read their files. */
@Component
public class ProcessModels {

    /** One deployed version of a process or decision. */
    public record Definition(String id, String key, int version, String deploymentId, String resourceName) {
    }

    /** What a deployment created: new process and decision versions (0 and 0: nothing had changed). */
    public record Deployed(int processes, int decisions) {
    }

    private final RepositoryService repository;
    /** A deployed version never changes: its element names are read once. */
    private final Map<String, Map<String, String>> elementNames = new ConcurrentHashMap<>();

    ProcessModels(RepositoryService repository) {
        this.repository = repository;
    }

    /**
     * Deploys model files (resource name → content, in order); with {@code onlyChanged}, a file deployed before
     * unchanged creates no new version.
     */
    public Deployed deploy(String name, String source, boolean onlyChanged, Map<String, byte[]> files) {
        DeploymentBuilder deployment = repository.createDeployment().name(name).enableDuplicateFiltering(onlyChanged);
        if (source != null) {
            deployment.source(source);
        }
        files.forEach((resource, content) -> deployment.addInputStream(resource, new ByteArrayInputStream(content)));
        var result = deployment.deployWithResult();
        return new Deployed(
                result.getDeployedProcessDefinitions() == null ? 0 : result.getDeployedProcessDefinitions().size(),
                result.getDeployedDecisionDefinitions() == null ? 0 : result.getDeployedDecisionDefinitions().size());
    }

    /** Process versions, ordered by process id then version; {@code null} filters nothing. */
    public List<Definition> processDefinitions(String key, Integer version) {
        var query = repository.createProcessDefinitionQuery().orderByProcessDefinitionKey().asc()
                .orderByProcessDefinitionVersion().asc();
        if (key != null) {
            query.processDefinitionKey(key);
        }
        if (version != null) {
            query.processDefinitionVersion(version);
        }
        return query.list().stream().map(ProcessModels::definition).toList();
    }

    public Definition processDefinition(String id) {
        return definition(repository.getProcessDefinition(id));
    }

    public List<Definition> latestProcessDefinitions() {
        return repository.createProcessDefinitionQuery().latestVersion().list().stream()
                .map(ProcessModels::definition).toList();
    }

    public List<Definition> latestDecisionDefinitions() {
        return repository.createDecisionDefinitionQuery().latestVersion().list().stream()
                .map(ProcessModels::definition).toList();
    }

    public Optional<Definition> latestDecision(String key) {
        return Optional.ofNullable(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                .latestVersion().singleResult()).map(ProcessModels::definition);
    }

    public Optional<Definition> decision(String key, int version) {
        return Optional.ofNullable(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                .decisionDefinitionVersion(version).singleResult()).map(ProcessModels::definition);
    }

    /** The DMN file of a decision version. */
    public byte[] decisionModel(String definitionId) {
        try (InputStream in = repository.getDecisionModel(definitionId)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of a deployment, as deployed. */
    public byte[] resource(String deploymentId, String resourceName) {
        try (InputStream in = repository.getResourceAsStream(deploymentId, resourceName)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flow nodes of a process version: id → whether it is an end event. */
    public Map<String, Boolean> flowNodes(String definitionId) {
        return repository.getBpmnModelInstance(definitionId).getModelElementsByType(FlowNode.class).stream()
                .collect(Collectors.toMap(FlowNode::getId, n -> n instanceof EndEvent));
    }

    /**
     * What the Modeler shows for each element of a process version, the process itself first: id → name, the id
     * where the element has no name. In the order of the flow (from the start events along the sequence flows,
     * each activity's boundary events after it), so that a funnel reads as the diagram does; elements the flow
     * does not reach (sequence flows, event sub-processes' contents) after.
     */
    public Map<String, String> elementNames(String definitionId) {
        return elementNames.computeIfAbsent(definitionId, id -> {
            var model = repository.getBpmnModelInstance(id);
            Map<String, String> names = new LinkedHashMap<>();
            for (Process process : model.getModelElementsByType(Process.class)) {
                names.put(process.getId(), nameOrId(process.getName(), process.getId()));
            }
            Map<String, List<BoundaryEvent>> boundaries = model.getModelElementsByType(BoundaryEvent.class).stream()
                    .collect(Collectors.groupingBy(b -> b.getAttachedTo().getId()));
            // the process's own start first, then those of its event sub-processes, each followed to its ends
            List<StartEvent> starts = model.getModelElementsByType(StartEvent.class).stream()
                    .sorted(Comparator.comparing(start -> start.getParentElement() instanceof Process ? 0 : 1))
                    .toList();
            for (StartEvent start : starts) {
                Deque<FlowNode> next = new ArrayDeque<>(List.of(start));
                while (!next.isEmpty()) {
                    FlowNode node = next.poll();
                    if (names.putIfAbsent(node.getId(), nameOrId(node.getName(), node.getId())) != null) {
                        continue;
                    }
                    boundaries.getOrDefault(node.getId(), List.of()).forEach(next::add);
                    node.getOutgoing().forEach(flow -> next.add(flow.getTarget()));
                }
            }
            for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
                names.putIfAbsent(element.getId(), nameOrId(element.getName(), element.getId()));
            }
            return Collections.unmodifiableMap(names);
        });
    }

    private static String nameOrId(String name, String id) {
        return name == null || name.isBlank() ? id : name.strip();
    }

    /**
     * The steps calling {@code delegateExpression} (e.g. {@code ${splitIntoVariants}}) in the latest version of every
     * deployed process: each step's input parameters as written in the diagram, literal text, never evaluated.
     */
    public List<Map<String, String>> latestStepInputs(String delegateExpression) {
        List<Map<String, String>> steps = new ArrayList<>();
        for (Definition definition : latestProcessDefinitions()) {
            for (ServiceTask task : repository.getBpmnModelInstance(definition.id())
                    .getModelElementsByType(ServiceTask.class)) {
                if (!delegateExpression.equals(task.getCamundaDelegateExpression())) {
                    continue;
                }
                Map<String, String> inputs = new LinkedHashMap<>();
                if (task.getExtensionElements() != null) {
                    task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list()
                            .forEach(io -> io.getCamundaInputParameters()
                                    .forEach(p -> inputs.put(p.getCamundaName(), p.getTextContent())));
                }
                steps.add(inputs);
            }
        }
        return steps;
    }

    /**
     * The processes deployed now that start on {@code message}: for each of their message start events, the value
     * of its extension property {@code property} (Modeler: Properties panel, "Extension properties"), or
     * {@code null} where it has none. Empty: no deployed process starts on that message.
     */
    public List<String> messageStartProperty(String message, String property) {
        List<String> values = new ArrayList<>();
        // only the versions that can start now hold a message start subscription: older versions drop theirs
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery()
                .messageEventSubscriptionName(message).list()) {
            for (StartEvent start : repository.getBpmnModelInstance(definition.getId())
                    .getModelElementsByType(StartEvent.class)) {
                boolean startsTheProcess = start.getParentElement() instanceof Process;
                boolean onMessage = start.getEventDefinitions().stream()
                        .filter(MessageEventDefinition.class::isInstance).map(MessageEventDefinition.class::cast)
                        .anyMatch(m -> m.getMessage() != null && message.equals(m.getMessage().getName()));
                if (startsTheProcess && onMessage) {
                    values.add(extensionProperty(start, property));
                }
            }
        }
        return values;
    }

    private static String extensionProperty(StartEvent start, String name) {
        if (start.getExtensionElements() == null) {
            return null;
        }
        return start.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
                .flatMap(properties -> properties.getCamundaProperties().stream())
                .filter(p -> name.equals(p.getCamundaName())).map(CamundaProperty::getCamundaValue).findFirst()
                .orElse(null);
    }

    private static Definition definition(ProcessDefinition d) {
        return new Definition(d.getId(), d.getKey(), d.getVersion(), d.getDeploymentId(), d.getResourceName());
    }

    private static Definition definition(DecisionDefinition d) {
        return new Definition(d.getId(), d.getKey(), d.getVersion(), d.getDeploymentId(), d.getResourceName());
    }
}
