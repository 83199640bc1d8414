package io.rekindle.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rekindle.contact.ContactService;
import io.rekindle.support.Api;
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
 * A contact the win-back's holdout keeps out is sent nothing, so it needs no send slot of the deliverability ramp:
 * it goes on at once (its « Vous nous manquez » written SKIPPED, HOLDOUT), and the day's slots all go to contacts who
 * get the email. One slot a day, half of the entrants held out.
 */
@RekindleIntegrationTest(properties = {"rekindle.ramp.enabled=true", "rekindle.ramp.initial-volume=1",
        "rekindle.experiments.holdout.inactive-winback.share=50"})
class HeldOutContactsTakeNoSlotTest {

    private static final Instant D1 = Instant.parse("2026-07-01T05:00:00Z");
    private static final String EXPERIMENT = "holdout:inactive-winback";

    @LocalServerPort
    int port;
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
    void heldOutContactsGoOnWithoutASlot_theDaysSlotGoesToTheMostRecentlyActiveTreatedContact() {
        init(engine);
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(D1);
        // ten inactive contacts, the first the most recently active (the ramp's order)
        List<Long> byRecency = new ArrayList<>();
        for (int days = 1; days <= 10; days++) {
            byRecency.add(InactiveWinBacks.inactiveContact(contacts, jdbc, engine, D1, days));
        }

        InactiveWinBacks.runClassification(port, time);

        Map<Long, String> arms = new HashMap<>();
        byRecency.forEach(id -> arms.put(id, jdbc.sql("SELECT arm FROM contact_experiment WHERE contact_id = ?"
                + " AND experiment = ?").params(id, EXPERIMENT).query(String.class).single()));
        List<Long> heldOut = byRecency.stream().filter(id -> "holdout".equals(arms.get(id))).toList();
        List<Long> treated = byRecency.stream().filter(id -> "treated".equals(arms.get(id))).toList();
        assertThat(heldOut).as("both arms among ten entrants at 50 %").isNotEmpty();
        assertThat(treated).as("both arms among ten entrants at 50 %").isNotEmpty();

        for (long id : heldOut) {
            assertThat(winBackOf(id)).hasPassed("Task_SendMissYouEmail").hasNotPassed("Event_SendSlotGranted");
            assertThat(jdbc.sql("SELECT status || '/' || skip_reason FROM outbox_message WHERE contact_id = ?")
                    .param(id).query(String.class).single()).isEqualTo("SKIPPED/HOLDOUT");
            assertThat(queued(id)).as("held out: not in the ramp's queue").isZero();
        }
        assertThat(winBackOf(treated.get(0))).hasPassed("Task_SendMissYouEmail");
        assertThat(jdbc.sql("SELECT status FROM outbox_message WHERE contact_id = ?").param(treated.get(0))
                .query(String.class).single()).isEqualTo("PENDING");
        for (long id : treated.subList(1, treated.size())) {
            assertThat(winBackOf(id)).isWaitingAt("Event_SendSlotGranted");
            assertThat(queued(id)).isEqualTo(1);
        }
        JsonStatus status = status();
        assertThat(status.granted()).as("the day's one slot, used by a contact who gets the email").isEqualTo(1);
        assertThat(status.waiting()).isEqualTo(treated.size() - 1);
    }

    private record JsonStatus(int granted, long waiting) {
    }

    private JsonStatus status() {
        var json = new Api(port).get("/api/deliverability-ramp").json();
        return new JsonStatus(json.get("grantedToday").asInt(), json.get("waiting").asLong());
    }

    private long queued(long contactId) {
        return jdbc.sql("SELECT COUNT(*) FROM ramp_queue WHERE contact_id = ?").param(contactId).query(Long.class)
                .single();
    }

    private ProcessInstance winBackOf(long contact) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("inactive-winback")
                .processInstanceBusinessKey(String.valueOf(contact)).singleResult();
    }
}
