package io.rekindle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@link ProcessRuntime#awaitedByBusinessKey}, the one read that tells a purchase which of its messages anyone waits
 * for, finds exactly what the engine's own correlation query finds (executions of the business key's process
 * instances subscribed to the message): on the instance, on a child execution, not under another business key, not
 * a process that starts on the message, not once the wait is over.
 */
@RekindleIntegrationTest
class AwaitedMessagesTest {

    private static final String FIRST = "AwaitedFirst";
    private static final String SECOND = "AwaitedSecond";
    private static final String UNASKED = "AwaitedUnasked";
    private static final List<String> ASKED = List.of(FIRST, SECOND);

    @Autowired
    ProcessRuntime processes;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;

    String deployment;

    @BeforeEach
    void deploy() {
        deployment = repository.createDeployment().name("awaited messages")
                .addModelInstance("awaits-first.bpmn", Bpmn.createExecutableProcess("awaits-first")
                        .camundaHistoryTimeToLive(1).startEvent().intermediateCatchEvent("Wait_First")
                        .message(FIRST).endEvent().done())
                .addModelInstance("awaits-second-inside.bpmn", awaitingInsideSubProcess())
                .addModelInstance("awaits-unasked.bpmn", Bpmn.createExecutableProcess("awaits-unasked")
                        .camundaHistoryTimeToLive(1).startEvent().intermediateCatchEvent("Wait_Unasked")
                        .message(UNASKED).endEvent().done())
                .addModelInstance("starts-on-first.bpmn", Bpmn.createExecutableProcess("starts-on-first")
                        .camundaHistoryTimeToLive(1).startEvent().message(FIRST).userTask("Task_Started")
                        .endEvent().done())
                .deploy().getId();
    }

    @AfterEach
    void undeploy() {
        repository.deleteDeployment(deployment, true);
    }

    @Test
    void findsWhatTheEngineWouldCorrelateAndNothingElse() {
        String nobody = key();
        assertAgreesWithEngine(nobody, Set.of());

        String first = key();
        runtime.startProcessInstanceByKey("awaits-first", first);
        assertAgreesWithEngine(first, Set.of(FIRST));

        String both = key();
        runtime.startProcessInstanceByKey("awaits-first", both);
        runtime.startProcessInstanceByKey("awaits-second-inside", both);
        assertAgreesWithEngine(both, Set.of(FIRST, SECOND));

        String unasked = key();
        runtime.startProcessInstanceByKey("awaits-unasked", unasked);
        assertAgreesWithEngine(unasked, Set.of());
        assertThat(processes.awaitedByBusinessKey(unasked, List.of(UNASKED))).containsExactly(UNASKED);

        // the same messages awaited under another business key count for that one only
        assertAgreesWithEngine(nobody, Set.of());
        // a process that starts on the message has a subscription of its definition: nobody waits
        assertThat(runtime.createEventSubscriptionQuery().eventName(FIRST).count()).isEqualTo(3);
    }

    @Test
    void aWaitThatIsOverIsNotAwaited() {
        String key = key();
        runtime.startProcessInstanceByKey("awaits-second-inside", key);
        assertAgreesWithEngine(key, Set.of(SECOND));
        assertThat(processes.deliverToWaitingByBusinessKey(SECOND, key)).isOne();
        assertAgreesWithEngine(key, Set.of());
    }

    private void assertAgreesWithEngine(String businessKey, Set<String> expected) {
        Set<String> awaited = processes.awaitedByBusinessKey(businessKey, ASKED);
        assertThat(awaited).as("awaited by %s", businessKey).isEqualTo(expected);
        for (String message : ASKED) {
            long engineFinds = runtime.createExecutionQuery().processInstanceBusinessKey(businessKey)
                    .messageEventSubscriptionName(message).count();
            assertThat(awaited.contains(message)).as("%s for %s, as the engine's correlation query", message,
                    businessKey).isEqualTo(engineFinds > 0);
        }
    }

    /** The wait on a child execution of the instance (an embedded sub-process with a timer beside it). */
    private static BpmnModelInstance awaitingInsideSubProcess() {
        return Bpmn.createExecutableProcess("awaits-second-inside").camundaHistoryTimeToLive(1).startEvent()
                .subProcess("SubProcess_Waiting").embeddedSubProcess().startEvent().parallelGateway("Fork_Waits")
                .intermediateCatchEvent("Wait_Second").message(SECOND).parallelGateway("Join_Waits").endEvent()
                .moveToNode("Fork_Waits").intermediateCatchEvent("Wait_Timer").timerWithDuration("P1D")
                .connectTo("Join_Waits").subProcessDone().endEvent().done();
    }

    private static String key() {
        return "awaited-" + UUID.randomUUID();
    }
}
