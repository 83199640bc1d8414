package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Cockpit for operations: a send step that cannot succeed becomes an incident once its retries are spent, with a
 * message that says what to do; "Retry" in Cockpit (job retries set again) runs the step again.
 */
@SpringBootTest
@ActiveProfiles("test")
class SendStepIncidentTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;

    ManagementService management;
    String deployment;

    @BeforeEach
    void deployAStepWithAMessageThatDoesNotExist() {
        management = engine.getManagementService();
        BpmnModelInstance model = Bpmn.createExecutableProcess("test-send-incident").camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Test")
                .sendTask("Task_SendMissing").name("Send a message").camundaDelegateExpression("${sendEmail}")
                .camundaAsyncBefore().camundaFailedJobRetryTimeCycle("R1/PT1M")
                .camundaInputParameter("template", "no-such-template").camundaInputParameter("withOffer", "false")
                .endEvent("EndEvent_Test")
                .done();
        deployment = engine.getRepositoryService().createDeployment().addModelInstance("test-send-incident.bpmn", model)
                .deploy().getId();
    }

    @AfterEach
    void removeIt() {
        engine.getRepositoryService().deleteDeployment(deployment, true);
    }

    @Test
    void aMissingMessageTextBecomesAnIncidentThatSaysWhatToDoAndCanBeRetried() {
        String externalId = "incident-" + UUID.randomUUID();
        long contactId = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Ivy", "en",
                true, false)).orElseThrow().id();
        String instance = start(contactId);

        Job job = failOnce(instance);

        Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(instance).singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_SendMissing");
        assertThat(incident.getIncidentMessage()).startsWith("Message template 'no-such-template' is missing a text")
                .contains("retry the step in Cockpit");

        management.setJobRetries(job.getId(), 1); // Cockpit: Incidents > Retry
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(instance).count()).isZero();
        assertThat(management.createJobQuery().processInstanceId(instance).withRetriesLeft().count()).isEqualTo(1);
        failOnce(instance);
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(instance).count()).isEqualTo(1);
    }

    @Test
    void aContactThatNoLongerExistsSaysToCancelTheJourney() {
        String instance = start(999_999_999L);

        failOnce(instance);

        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(instance).singleResult()
                .getIncidentMessage()).isEqualTo("Contact 999999999 no longer exists (erased?). Nothing to retry:"
                + " cancel this journey instance in Cockpit.");
    }

    private String start(long contactId) {
        return engine.getRuntimeService().createProcessInstanceByKey("test-send-incident")
                .businessKey(String.valueOf(contactId)).setVariable(Journeys.VAR_CONTACT_ID, contactId).execute()
                .getId();
    }

    private Job failOnce(String instance) {
        Job job = management.createJobQuery().processInstanceId(instance).singleResult();
        assertThatThrownBy(() -> management.executeJob(job.getId())).isInstanceOf(RuntimeException.class);
        return job;
    }
}
