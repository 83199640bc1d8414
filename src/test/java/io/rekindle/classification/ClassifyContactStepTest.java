package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.support.TimeMachine;
import io.rekindle.system.Times;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** The "Classify contact" building block (element template io.rekindle.ClassifyContact) in a journey of its own. */
@SpringBootTest
@ActiveProfiles("test")
class ClassifyContactStepTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void aJourneyStepClassifiesTheContactAsTheCrmHoldsItNow() {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");
        new TimeMachine(engine.getManagementService()).travelTo(now);
        String externalId = "classify-" + UUID.randomUUID();
        long id = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Cleo", "en", true,
                false)).orElseThrow().id();
        jdbc.sql("UPDATE contact SET signed_up_at = ?, last_purchase_at = ?, purchase_count = 1, revenue = 30"
                + " WHERE id = ?").params(Times.utc(now.minus(Duration.ofDays(400))),
                Times.utc(now.minus(Duration.ofDays(300))), id).update();
        var model = Bpmn.createExecutableProcess("test-classify-step").camundaHistoryTimeToLive(1)
                .startEvent().serviceTask("Task_Classify").camundaDelegateExpression("${classifyContact}")
                .userTask("Task_Look").endEvent().done();
        String deployment = engine.getRepositoryService().createDeployment()
                .addModelInstance("test-classify-step.bpmn", model).deploy().getId();
        try {
            var instance = engine.getRuntimeService().createProcessInstanceByKey("test-classify-step")
                    .setVariable("contactId", id).execute();

            var variables = engine.getRuntimeService().getVariables(instance.getId());
            assertThat(variables).containsEntry("segment", "INACTIVE").containsEntry("inactivityType", "TECHNICAL")
                    .containsEntry("reactivationPriority", 3);
        } finally {
            engine.getRepositoryService().deleteDeployment(deployment, true);
        }
    }
}
