package io.rekindle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An event reaches the journeys waiting for it and never starts one: a process deployed with a message start on an
 * event's message ({@code PurchaseMade}, {@code ContactReactivated}) is not started by purchases, which would start one
 * per purchase outside the pressure and consent rules (and cost every event one more read).
 */
@RekindleIntegrationTest
class EventsMoveWaitingJourneysOnlyTest {

    private static final String STARTS_ON_PURCHASE = "starts-on-purchase-test";
    private static final String STARTS_ON_COMEBACK = "starts-on-comeback-test";

    @LocalServerPort
    int port;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;

    Api api;
    String deployment;

    @BeforeEach
    void deployProcessesStartingOnEventMessages() {
        api = new Api(port);
        deployment = repository.createDeployment().name("events start nothing")
                .addModelInstance(STARTS_ON_PURCHASE + ".bpmn", startingOn(STARTS_ON_PURCHASE,
                        Journeys.MESSAGE_PURCHASE_MADE))
                .addModelInstance(STARTS_ON_COMEBACK + ".bpmn", startingOn(STARTS_ON_COMEBACK,
                        Journeys.MESSAGE_CONTACT_REACTIVATED))
                .deploy().getId();
    }

    @AfterEach
    void undeploy() {
        repository.deleteDeployment(deployment, true);
    }

    @Test
    void aPurchaseOfAContactInNoJourneyStartsNothing() {
        long customer = signUp(",\"signedUpAt\":\"2024-01-01T00:00:00Z\"");
        var accepted = purchase(customer);
        assertThat(accepted.get("correlation").asText()).isEqualTo("DONE");
        assertThat(accepted.get("correlatedJourneys").asInt()).isZero();
        assertThat(started()).isZero();
    }

    @Test
    void aPurchaseEndsTheWaitingJourneyAndStartsNothing() {
        long buyer = signUp("");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(buyer)).count()).isOne();
        var accepted = purchase(buyer);
        assertThat(accepted.get("correlatedJourneys").asInt()).isOne();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(buyer)).count())
                .as("the relaunch ended, nothing else runs").isZero();
        assertThat(started()).isZero();
    }

    private long started() {
        return runtime.createProcessInstanceQuery().processDefinitionKey(STARTS_ON_PURCHASE).count()
                + runtime.createProcessInstanceQuery().processDefinitionKey(STARTS_ON_COMEBACK).count();
    }

    private static org.camunda.bpm.model.bpmn.BpmnModelInstance startingOn(String key, String message) {
        return Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1).startEvent().message(message)
                .userTask("Task_Thank").endEvent().done();
    }

    private long signUp(String more) {
        String externalId = "starts-nothing-" + UUID.randomUUID();
        Api.Response response = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\""
                + externalId + "@example.com\",\"firstName\":\"Ana\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false" + more + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private com.fasterxml.jackson.databind.JsonNode purchase(long contact) {
        Api.Response response = api.post("/api/events", "{\"contactId\":" + contact
                + ",\"type\":\"PURCHASE\",\"eventId\":\"" + UUID.randomUUID() + "\",\"amount\":30}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json();
    }
}
