package io.rekindle.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A win-back waiting for a send slot of the ramp reads the CRM when the slot comes: a purchase recorded meanwhile
 * that reached no journey (its correlation failed) means no « Vous nous manquez ». One slot a day.
 */
@RekindleIntegrationTest(properties = {"rekindle.ramp.enabled=true", "rekindle.ramp.initial-volume=1",
        "rekindle.ramp.growth=0.10"})
class ComebackWhileWaitingForASlotTest {

    private static final Instant D1 = Instant.parse("2026-06-01T05:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    ContactActivity activity;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void aPurchaseThatReachedNoJourneyWhileWaitingForASlotMeansNoOffer() {
        init(engine);
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(D1);
        long first = InactiveWinBacks.inactiveContact(contacts, jdbc, engine, D1, 5); // opened an email 5 days ago: first in line
        long second = InactiveWinBacks.inactiveContact(contacts, jdbc, engine, D1, 100);

        InactiveWinBacks.runClassification(port, time);
        ProcessInstance waiting = winBackOf(second);
        assertThat(winBackOf(first)).hasPassed("Task_SendMissYouEmail");
        assertThat(waiting).isWaitingAt("Event_SendSlotGranted");

        time.advance(Duration.ofHours(10));
        activity.record(second, EventType.PURCHASE, time.now(), "order-" + UUID.randomUUID(), new BigDecimal("25.00"),
                null, null);
        time.travelTo(D1.plus(Duration.ofDays(1)));
        InactiveWinBacks.runClassification(port, time);

        assertThat(waiting).hasPassedInOrder("Event_SendSlotGranted", "Task_CheckComebackBeforeOffer",
                "Gateway_CameBackBeforeOffer", "EndEvent_CameBackNoOffer").hasNotPassed("Task_SendMissYouEmail")
                .isEnded();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE contact_id = ?").param(second)
                .query(Long.class).single()).isZero();
    }

    private ProcessInstance winBackOf(long contact) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("inactive-winback")
                .processInstanceBusinessKey(String.valueOf(contact)).list().stream()
                .map(h -> engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(h.getId())
                        .singleResult())
                .findFirst().orElseThrow();
    }
}
