package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.journey.Journeys;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.support.ModelerDeploy;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The "Split into variants" building block on the real engine, CRM and outbox, with the example diagram marketing ops
 * copy from (docs/examples/variant-split-example.bpmn): each arm's path for a contact known to hash into it, the arm
 * recorded and on the outbox row, a contact keeping its arm, stopping without a redeploy, a wrong split refused at
 * deployment with a readable message, and a running experiment's arms changed under its id becoming an incident. Every test deploys the example under an experiment id of its own.
 */
@RekindleIntegrationTest
class VariantSplitJourneyTest extends OverHttp {

    @Autowired
    ProcessEngine engine;
    @Autowired
    RepositoryService repository;
    @Autowired
    ContactService contacts;
    @Autowired
    OutboxService outbox;
    @Autowired
    EventIntake events;

    @Override
    protected Instant start() {
        return Instant.parse("2026-06-01T09:00:00Z");
    }

    @BeforeEach
    void engineForAssertions() {
        init(engine);
    }

    @Test
    void eachArmTakesItsPathAndItsRowsCarryTheArm() {
        String experiment = deploy("A:50,B:50");
        Assignment split = new Assignment("variant:" + experiment, List.of(new Arm("A", 50), new Arm("B", 50)));
        Contact a = contact(id -> split.armFor(id).equals("A"));
        Contact b = contact(id -> split.armFor(id).equals("B"));

        ProcessInstance inA = enter(a, experiment);
        ProcessInstance inB = enter(b, experiment);

        BpmnAwareTests.assertThat(inA).isEnded().hasPassedInOrder("Task_SplitSubjectLine", "Task_SendSubjectA",
                "EndEvent_SentA").hasNotPassed("Task_SendSubjectB");
        BpmnAwareTests.assertThat(inB).isEnded().hasPassedInOrder("Task_SplitSubjectLine", "Task_SendSubjectB",
                "EndEvent_SentB").hasNotPassed("Task_SendSubjectA");
        // Cockpit shows the arm (history of the variable)
        assertThat(variable(inB, Variants.VAR_ARM)).isEqualTo("B");
        assertThat(variable(inB, Variants.VAR_EXPERIMENT)).isEqualTo(experiment);
        // the row the arm's path wrote carries the arm, in the service and in GET /api/outbox
        assertThat(outbox.find(a.id(), null, 10)).filteredOn(m -> experiment.equals(m.experiment())).singleElement()
                .satisfies(m -> {
                    assertThat(m.template()).isEqualTo("relaunch-1");
                    assertThat(m.experimentArm()).isEqualTo("A");
                });
        JsonNode rows = api.get("/api/outbox?contactId=" + b.id()).json();
        assertThat(rows).filteredOn(r -> experiment.equals(r.path("experiment").asText())).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("template").asText()).isEqualTo("relaunch-2");
                    assertThat(r.get("experimentArm").asText()).isEqualTo("B");
                });
        // recorded with the contact, shown by the contact API
        assertThat(api.get("/api/contacts/" + b.id()).json().get("experiments")).anySatisfy(g -> {
            assertThat(g.get("experiment").asText()).isEqualTo(experiment);
            assertThat(g.get("arm").asText()).isEqualTo("B");
            assertThat(g.get("recorded").asBoolean()).isTrue();
        });
        // the experiment's result, per arm in declared order, with the sentence
        JsonNode result = api.get("/api/experiments/" + experiment).json();
        assertThat(result.get("kind").asText()).isEqualTo("variant");
        assertThat(result.get("name").asText()).isEqualTo("Relaunch: benefits subject vs question subject");
        assertThat(result.get("goalMetric").asText()).isEqualTo("CONVERSION");
        assertThat(result.get("status").asText()).isEqualTo("RUNNING");
        assertThat(result.get("controlArm").asText()).isEqualTo("A");
        assertThat(result.get("arms").findValuesAsText("arm")).containsExactly("A", "B");
        assertThat(result.get("arms").findValues("contacts")).extracting(JsonNode::asLong).containsExactly(1L, 1L);
        assertThat(result.get("comparisons")).singleElement()
                .satisfies(c -> assertThat(c.get("arm").asText()).isEqualTo("B"));
        assertThat(result.get("sentence").asText()).startsWith("Not enough data yet");
        assertThat(api.get("/api/experiments").json()).anySatisfy(e -> {
            assertThat(e.get("id").asText()).isEqualTo(experiment);
            assertThat(e.get("kind").asText()).isEqualTo("variant");
        });
    }

    @Test
    void aContactKeepsItsArmAndAStoppedExperimentSendsNewEntrantsToTheWinner() {
        String experiment = deploy("A:50,B:50");
        Assignment split = new Assignment("variant:" + experiment, List.of(new Arm("A", 50), new Arm("B", 50)));
        Contact early = contact(id -> split.armFor(id).equals("A"));
        enter(early, experiment);
        BpmnAwareTests.assertThat(enter(early, experiment)).as("the same arm the second time")
                .hasPassed("Task_SendSubjectA").hasNotPassed("Task_SendSubjectB");

        var stopped = api.post("/api/experiments/" + experiment + "/stop", "{\"winner\": \"B\"}");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("status").asText()).isEqualTo("STOPPED");
        assertThat(stopped.json().get("winner").asText()).isEqualTo("B");

        // no redeploy: a new entrant the hash puts in A takes the winner, the early one keeps A
        Contact late = contact(id -> split.armFor(id).equals("A"));
        BpmnAwareTests.assertThat(enter(late, experiment)).hasPassed("Task_SendSubjectB")
                .hasNotPassed("Task_SendSubjectA");
        BpmnAwareTests.assertThat(enter(early, experiment)).hasPassed("Task_SendSubjectA")
                .hasNotPassed("Task_SendSubjectB");
        // the late entrant is not part of the comparison
        assertThat(api.get("/api/contacts/" + late.id()).json().get("experiments").findValuesAsText("experiment"))
                .doesNotContain(experiment);
        assertThat(api.get("/api/experiments/" + experiment).json().get("arms").findValues("contacts"))
                .extracting(JsonNode::asLong).containsExactly(1L, 0L);

        // stopping twice changes nothing
        var again = api.post("/api/experiments/" + experiment + "/stop", "{\"winner\": \"A\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/experiments/" + experiment).json().get("winner").asText()).isEqualTo("B");
    }

    @Test
    void stoppingWithoutAWinnerPicksTheBestArmOnTheGoalMetric() {
        String experiment = deploy("A:50,B:50");
        Assignment split = new Assignment("variant:" + experiment, List.of(new Arm("A", 50), new Arm("B", 50)));
        Contact buyer = contact(id -> split.armFor(id).equals("B"));
        enter(buyer, experiment);
        enter(contact(id -> split.armFor(id).equals("A")), experiment);
        events.accept(new EventRequest(buyer.id(), null, EventType.PURCHASE, null, null, new BigDecimal("30.00"),
                null, null));

        var stopped = api.post("/api/experiments/" + experiment + "/stop", "");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("winner").asText()).isEqualTo("B");
    }

    @Test
    void badStopRequestsAreProblemsAndChangeNothing() {
        String experiment = deploy("A:50,B:50");
        assertThat(api.post("/api/experiments/no-such-experiment/stop", "").status()).isEqualTo(404);
        assertThat(api.post("/api/experiments/holdout:inactive-winback/stop", "").status()).isEqualTo(404);
        enter(contact(id -> true), experiment);
        var wrongArm = api.post("/api/experiments/" + experiment + "/stop", "{\"winner\": \"C\"}");
        assertThat(wrongArm.status()).isEqualTo(400);
        assertThat(wrongArm.contentType()).startsWith("application/problem+json");
        assertThat(api.post("/api/experiments/" + experiment + "/stop", "{\"winner\": 3, \"extra\": 1}").status())
                .isEqualTo(400);
        assertThat(api.get("/api/experiments/" + experiment).json().get("status").asText()).isEqualTo("RUNNING");

        String deployedOnly = deploy("A:50,B:50");
        assertThat(api.post("/api/experiments/" + deployedOnly + "/stop", "").json().get("detail").asText())
                .as("registered by its first entrant").contains("first contact reaches");
    }

    @Test
    void aWrongSplitIsRefusedWhenTheModelerDeploysIt() {
        String experiment = VariantExample.newId();
        String xml = VariantExample.xml(experiment, "A:50,A:50");

        HttpResponse<String> refused = ModelerDeploy.deploy(port, engine.getName(), experiment + ".bpmn", xml);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("Task_SplitSubjectLine").contains("names an arm twice");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(experiment).count()).isZero();
        // an expression where a value belongs never reaches the engine either
        assertThat(ModelerDeploy.deploy(port, engine.getName(), experiment + ".bpmn", xml.replace("A:50,A:50",
                "${execution.getVariable('arms')}")).statusCode()).isEqualTo(400);
    }

    @Test
    void aRunningExperimentsArmsCannotChangeUnderTheSameId() {
        String experiment = deploy("A:50,B:50");
        enter(contact(id -> true), experiment);
        deploy(experiment, "A:20,B:80");

        Incident incident = failUntilIncident(start(contact(id -> true), experiment));
        assertThat(incident.getIncidentMessage()).contains("already runs with arms A:50,B:50")
                .contains("new experiment id");
    }

    private String deploy(String arms) {
        return VariantExample.deploy(repository, VariantExample.newId(), arms);
    }

    private String deploy(String experiment, String arms) {
        return VariantExample.deploy(repository, experiment, arms);
    }

    private ProcessInstance start(Contact contact, String processKey) {
        return runtime.createProcessInstanceByKey(processKey).businessKey(String.valueOf(contact.id()))
                .setVariable(Journeys.VAR_CONTACT_ID, contact.id()).execute();
    }

    /** The contact enters the journey and goes through it (the split and the send are asynchronous steps). */
    private ProcessInstance enter(Contact contact, String processKey) {
        ProcessInstance journey = start(contact, processKey);
        time.runDueJobs();
        return journey;
    }

    private Incident failUntilIncident(ProcessInstance journey) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Incident incident = runtime.createIncidentQuery().processInstanceId(journey.getId()).singleResult();
            if (incident != null) {
                return incident;
            }
            Job job = management.createJobQuery().processInstanceId(journey.getId()).singleResult();
            assertThatThrownBy(() -> management.executeJob(job.getId())).isInstanceOf(RuntimeException.class);
        }
        throw new AssertionError("no incident after 5 attempts");
    }

    private Object variable(ProcessInstance journey, String name) {
        return history.createHistoricVariableInstanceQuery().processInstanceId(journey.getId()).variableName(name)
                .singleResult().getValue();
    }

    /** A contact with a consent to email, among the arm wanted; its sign-up relaunch left out of the way. */
    private Contact contact(Predicate<Long> arm) {
        for (int i = 0; i < 200; i++) {
            String externalId = "variant-" + UUID.randomUUID();
            Contact contact = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Léa",
                    "fr", true, false)).orElseThrow();
            runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact.id())).list()
                    .forEach(p -> runtime.deleteProcessInstance(p.getId(), "not what this test is about"));
            if (arm.test(contact.id())) {
                return contact;
            }
        }
        throw new AssertionError("no contact in this arm among 200");
    }
}
