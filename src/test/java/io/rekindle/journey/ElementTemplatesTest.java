package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Modeler element templates ({@code bpmn/.camunda/element-templates}) against the code and the diagrams: each
 * template names a delegate that exists, sets exactly the inputs that delegate reads, offers only message templates
 * that exist in both languages; every task in {@code bpmn/} that uses one of our delegates uses its template.
 */
@SpringBootTest
@ActiveProfiles("test")
class ElementTemplatesTest {

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    @Autowired
    ApplicationContext context;

    @Test
    void templatesMatchTheDelegatesAndTheDiagramsUseThem() throws IOException {
        JsonNode templates = new ObjectMapper().readTree(Path.of("bpmn/.camunda/element-templates/rekindle.json").toFile());
        Map<String, JsonNode> byImplementation = new HashMap<>();
        Map<String, JsonNode> byDecision = new HashMap<>();
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();

        for (JsonNode template : templates) {
            String id = template.get("id").asText();
            assertThat(ids.add(id)).as("template ids are unique: " + id).isTrue();
            Set<String> inputs = new HashSet<>();
            for (JsonNode property : template.get("properties")) {
                JsonNode binding = property.get("binding");
                String name = binding.path("name").asText();
                if ("camunda:delegateExpression".equals(name)) {
                    byImplementation.put(property.get("value").asText(), template);
                } else if ("camunda:decisionRef".equals(name)) {
                    byDecision.put(property.get("value").asText(), template);
                    if (!Files.exists(Path.of("dmn", property.get("value").asText() + ".dmn"))) {
                        problems.add(id + ": no decision file dmn/" + property.get("value").asText() + ".dmn");
                    }
                } else if ("camunda:inputParameter".equals(binding.get("type").asText())) {
                    inputs.add(name);
                    if ("template".equals(name)) {
                        property.get("choices").forEach(c -> problems.addAll(missingTexts(id, c.get("value").asText())));
                    }
                }
            }
            byImplementation.entrySet().stream().filter(e -> e.getValue() == template).findFirst().ifPresent(e -> {
                String bean = e.getKey().substring(2, e.getKey().length() - 1);
                if (!context.containsBean(bean)) {
                    problems.add(id + ": the delegate " + bean + " does not exist");
                    return;
                }
                StepInputs declared = AopUtils.getTargetClass(context.getBean(bean)).getAnnotation(StepInputs.class);
                Set<String> read = declared == null ? Set.of() : Set.of(declared.value());
                if (!read.equals(inputs)) {
                    problems.add(id + ": the template sets " + inputs + " but " + bean + " reads " + read);
                }
            });
        }

        int templated = 0;
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                List<Activity> tasks = new ArrayList<>();
                tasks.addAll(model.getModelElementsByType(ServiceTask.class));
                tasks.addAll(model.getModelElementsByType(SendTask.class));
                tasks.addAll(model.getModelElementsByType(BusinessRuleTask.class));
                for (Activity task : tasks) {
                    JsonNode template = task instanceof BusinessRuleTask rule
                            ? byDecision.get(rule.getCamundaDecisionRef())
                            : byImplementation.get(task.getAttributeValueNs(CAMUNDA_NS, "delegateExpression"));
                    if (template == null) {
                        continue;
                    }
                    templated++;
                    String where = file.getFileName() + " " + task.getId();
                    if (!template.get("id").asText().equals(task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate"))
                            || !template.get("version").asText()
                            .equals(task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion"))) {
                        problems.add(where + ": apply the element template " + template.get("name").asText());
                    }
                    problems.addAll(valuesOutsideChoices(where, template, task));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(templated).as("tasks using a template").isGreaterThanOrEqualTo(14);
    }

    private static List<String> missingTexts(String templateId, String message) {
        List<String> missing = new ArrayList<>();
        List<String> suffixes = templateId.endsWith("Sms") ? List.of(".sms") : List.of(".html", ".txt");
        for (String locale : List.of("fr", "en")) {
            for (String suffix : suffixes) {
                if (!Files.exists(Path.of("src/main/resources/templates/mail", message + "_" + locale + suffix))) {
                    missing.add(templateId + ": offers '" + message + "' but " + message + "_" + locale + suffix
                            + " does not exist");
                }
            }
        }
        return missing;
    }

    private static List<String> valuesOutsideChoices(String where, JsonNode template, Activity task) {
        List<String> problems = new ArrayList<>();
        if (task.getExtensionElements() == null) {
            return problems;
        }
        for (CamundaInputParameter input : task.getExtensionElements().getElementsQuery()
                .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput.class).list().stream()
                .flatMap(io -> io.getCamundaInputParameters().stream()).toList()) {
            for (JsonNode property : template.get("properties")) {
                if (input.getCamundaName().equals(property.get("binding").path("name").asText())
                        && property.has("choices")) {
                    boolean allowed = false;
                    for (JsonNode choice : property.get("choices")) {
                        allowed |= choice.get("value").asText().equals(input.getTextContent().trim());
                    }
                    if (!allowed) {
                        problems.add(where + ": " + input.getCamundaName() + " '" + input.getTextContent().trim()
                                + "' is not one of the template's choices");
                    }
                }
            }
        }
        return problems;
    }
}
