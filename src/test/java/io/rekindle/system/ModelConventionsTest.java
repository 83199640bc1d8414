package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The project's own rules for {@code bpmn/} and {@code dmn/}, checked in the test command so that a diagram edited in
 * the Modeler that would break at run time fails the build with a message an ops user understands.
 * (bpmnlint with the Camunda 7 rules runs in CI as well, see {@code .ci/run}.)
 */
@SpringBootTest
@ActiveProfiles("test")
class ModelConventionsTest {

    /** Ids the Modeler generates: a type, an underscore and 7 lower-case letters or digits, e.g. Activity_0x7a9f2. */
    private static final Pattern GENERATED_ID = Pattern.compile("^[A-Za-z]+_(?=[0-9a-z]*[0-9])[0-9a-z]{7}$");
    private static final Pattern EXPRESSION_BEAN = Pattern.compile("^\\$\\{([A-Za-z][A-Za-z0-9]*)}$");
    /** Where the code keeps the message names it correlates. */
    private static final List<String> MESSAGE_HOLDERS = List.of("io.rekindle.journey.Journeys",
            "io.rekindle.classification.ClassificationProcess", "io.rekindle.gdpr.ErasureProcess",
            "io.rekindle.deliverability.RampVariables");

    @Autowired
    ApplicationContext context;

    @Test
    void everyDiagramFollowsTheProjectRules() throws IOException {
        Set<String> processIds = new HashSet<>();
        Set<String> decisionIds = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            files.filter(f -> f.toString().endsWith(".bpmn")).forEach(f -> processIds.add(fileId(f)));
        }
        try (Stream<Path> files = Files.list(Path.of("dmn"))) {
            files.filter(f -> f.toString().endsWith(".dmn")).forEach(f -> decisionIds.add(fileId(f)));
        }
        Set<String> correlated = correlatedMessages();

        List<String> problems = new ArrayList<>();
        for (String id : processIds) {
            problems.addAll(bpmnProblems(Path.of("bpmn", id + ".bpmn"), processIds, decisionIds, correlated));
        }
        for (String id : decisionIds) {
            problems.addAll(dmnProblems(Path.of("dmn", id + ".dmn")));
        }

        assertThat(problems).as("model rules (fix the diagram in Camunda Modeler)").isEmpty();
        assertThat(processIds).contains("new-signup-relaunch", "daily-classification");
    }

    @Test
    void theRelaunchStillHasTheWaitWhereImportedContactsEnterIt() {
        BpmnModelInstance relaunch = Bpmn.readModelFromFile(Path.of("bpmn", "new-signup-relaunch.bpmn").toFile());
        BaseElement j30 = relaunch.getModelElementById(io.rekindle.journey.Journeys.RELAUNCH_J30);
        assertThat(j30).as("the import starts recent sign-ups at " + io.rekindle.journey.Journeys.RELAUNCH_J30
                + " (journey/Journeys.RELAUNCH_J30): rename both together").isNotNull();
        assertThat(j30.getElementType().getTypeName()).isEqualTo("intermediateCatchEvent");
    }

    @Test
    void theRulesCatchWhatTheyAreFor() throws IOException {
        Path broken = Files.createTempDirectory("models").resolve("broken-journey.bpmn");
        Files.writeString(broken, """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Broken" targetNamespace="x">
                  <bpmn:message id="Message_Unknown" name="NobodySendsThis" />
                  <bpmn:process id="other-id" isExecutable="true">
                    <bpmn:startEvent id="StartEvent_1" name="Started" />
                    <bpmn:serviceTask id="Activity_0x7a9f2" name="Do it" camunda:delegateExpression="${noSuchBean}" />
                    <bpmn:callActivity id="CallActivity_Missing" name="Call it" calledElement="no-such-process" />
                    <bpmn:businessRuleTask id="Task_Decide" camunda:decisionRef="no-such-decision" />
                    <bpmn:sendTask id="Task_Send" name="Send email" camunda:delegateExpression="${sendEmail}" />
                  </bpmn:process>
                </bpmn:definitions>
                """);

        List<String> problems = bpmnProblems(broken, Set.of("new-signup-relaunch"), Set.of(), correlatedMessages());

        assertThat(String.join("\n", problems))
                .contains("file name must be the process id: rename the file or the process to 'other-id'")
                .contains("has no history time to live")
                .contains("'Activity_0x7a9f2' is an id the Modeler generated")
                .contains("uses 'noSuchBean', which is not a delegate this application has")
                .contains("calls 'no-such-process', which is not in bpmn/")
                .contains("uses decision 'no-such-decision', which is not in dmn/")
                .contains("message 'NobodySendsThis' is never sent by the application")
                .contains("'Task_Decide' has no name")
                .contains("'Task_Send' talks to the outside world: tick 'Asynchronous before'");
    }

    private List<String> bpmnProblems(Path file, Set<String> processIds, Set<String> decisionIds,
            Set<String> correlated) {
        List<String> problems = new ArrayList<>();
        String where = file.getFileName().toString();
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        List<Process> processes = new ArrayList<>(model.getModelElementsByType(Process.class));
        if (processes.size() != 1) {
            problems.add(where + ": one process per file, found " + processes.size());
            return problems;
        }
        Process process = processes.get(0);
        if (!process.getId().equals(fileId(file))) {
            problems.add(where + ": file name must be the process id: rename the file or the process to '"
                    + process.getId() + "'");
        }
        if (process.getCamundaHistoryTimeToLiveString() == null) {
            problems.add(where + ": the process has no history time to live (General > History cleanup)");
        }
        for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
            if (element.getId() != null && GENERATED_ID.matcher(element.getId()).matches()) {
                problems.add(where + ": '" + element.getId() + "' is an id the Modeler generated; give it a"
                        + " meaningful one (Task_SendRelaunch1, Timer_J30, …)");
            }
        }
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            boolean mergeGateway = node instanceof Gateway && node.getOutgoing().size() <= 1;
            if (!mergeGateway && (node.getName() == null || node.getName().isBlank())) {
                problems.add(where + ": '" + node.getId() + "' has no name; name it for the people reading Cockpit");
            }
        }
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            checkDelegate(where, task.getId(), task.getCamundaDelegateExpression(), problems);
        }
        for (SendTask task : model.getModelElementsByType(SendTask.class)) {
            checkDelegate(where, task.getId(), task.getCamundaDelegateExpression(), problems);
            if (!task.isCamundaAsyncBefore()) {
                problems.add(where + ": '" + task.getId() + "' talks to the outside world: tick 'Asynchronous before'"
                        + " so a failure is retried and shows as an incident");
            }
        }
        for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
            if (!processIds.contains(call.getCalledElement())) {
                problems.add(where + ": '" + call.getId() + "' calls '" + call.getCalledElement()
                        + "', which is not in bpmn/");
            }
        }
        for (BusinessRuleTask task : model.getModelElementsByType(BusinessRuleTask.class)) {
            if (!decisionIds.contains(task.getCamundaDecisionRef())) {
                problems.add(where + ": '" + task.getId() + "' uses decision '" + task.getCamundaDecisionRef()
                        + "', which is not in dmn/");
            }
        }
        for (Message message : model.getModelElementsByType(Message.class)) {
            if (!correlated.contains(message.getName())) {
                problems.add(where + ": message '" + message.getName() + "' is never sent by the application;"
                        + " the names it sends are " + correlated);
            }
        }
        return problems;
    }

    private void checkDelegate(String where, String taskId, String expression, List<String> problems) {
        if (expression == null) {
            problems.add(where + ": '" + taskId + "' has no delegate expression (Implementation > Delegate expression)");
            return;
        }
        Matcher bean = EXPRESSION_BEAN.matcher(expression);
        if (!bean.matches()) {
            problems.add(where + ": '" + taskId + "' delegate expression must be ${beanName}, not '" + expression + "'");
        } else if (!context.containsBean(bean.group(1))) {
            problems.add(where + ": '" + taskId + "' uses '" + bean.group(1) + "', which is not a delegate this"
                    + " application has");
        }
    }

    private static List<String> dmnProblems(Path file) {
        List<String> problems = new ArrayList<>();
        String where = file.getFileName().toString();
        DmnModelInstance model = Dmn.readModelFromFile(file.toFile());
        List<String> ids = model.getModelElementsByType(Decision.class).stream().map(Decision::getId).toList();
        if (!ids.contains(fileId(file))) {
            problems.add(where + ": file name must be the id of its main decision, found " + ids);
        }
        for (Decision decision : model.getModelElementsByType(Decision.class)) {
            if (decision.getCamundaHistoryTimeToLiveString() == null) {
                problems.add(where + ": decision '" + decision.getId() + "' has no history time to live");
            }
            if (GENERATED_ID.matcher(decision.getId()).matches()) {
                problems.add(where + ": '" + decision.getId() + "' is an id the Modeler generated");
            }
        }
        return problems;
    }

    /** The message names the code correlates: the MESSAGE_* constants of the classes that send them. */
    private static Set<String> correlatedMessages() {
        Set<String> names = new HashSet<>();
        for (String holder : MESSAGE_HOLDERS) {
            try {
                for (Field field : Class.forName(holder).getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("MESSAGE_")) {
                        field.setAccessible(true);
                        names.add((String) field.get(null));
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return names;
    }

    private static String fileId(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
