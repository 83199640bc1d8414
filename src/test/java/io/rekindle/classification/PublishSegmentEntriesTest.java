package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The publish step of the daily classification: each win-back start is its own transaction, so one contact whose
 * journey cannot start is one failed entry and everybody else starts; entries of a segment no journey listens to
 * (NEW_INACTIVE) start nothing. Batches of 5 and a zero job budget: one batch per engine job.
 */
@RekindleIntegrationTest(properties = {"rekindle.classification.publish-batch-size=5",
        "rekindle.classification.job-budget=PT0S"})
class PublishSegmentEntriesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T05:00:00Z");

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
    void oneContactWhoseWinBackCannotStartIsOneFailedEntryAndEveryoneElseStarts() {
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(NOW);
        List<Long> inactive = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            inactive.add(contact(400, 300));
        }
        List<Long> newInactive = List.of(contact(60, null), contact(61, null), contact(62, null));
        long bad = inactive.get(11);

        Api api = new Api(port);
        Api.Response started = api.post("/api/classification/runs", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long runId = started.json().get("id").asLong();
        var management = engine.getManagementService();
        while (management.createJobQuery().activityId("Task_PublishEntries").executable().count() == 0) {
            management.executeJob(management.createJobQuery().executable().list().get(0).getId());
        }
        // Between classification and publication, the contact's row gets a value no version of the app knows (a
        // manual fix, an import from a newer version): reading the contact fails, so its win-back cannot start.
        jdbc.sql("ALTER TABLE contact DROP CONSTRAINT ck_contact_email_status").update();
        jdbc.sql("UPDATE contact SET email_status = 'BLOCKED' WHERE id = ?").param(bad).update();
        time.runDueJobs();

        JsonNode run = api.get("/api/classification/runs/" + runId).json();
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
        assertThat(run.get("entriesFailed").asLong()).isEqualTo(1);
        assertThat(run.get("entriesPublished").asLong()).isEqualTo(23 + 3);
        assertThat(engine.getRuntimeService().createIncidentQuery().count()).as("no incident").isZero();
        for (long contact : inactive) {
            var winBacks = engine.getHistoryService().createHistoricProcessInstanceQuery()
                    .processDefinitionKey("inactive-winback").processInstanceBusinessKey(String.valueOf(contact))
                    .list();
            if (contact == bad) {
                assertThat(winBacks).as("the bad contact's start rolled back alone").isEmpty();
            } else {
                assertThat(winBacks).as("win-back of contact %d", contact).hasSize(1);
                assertThat(entryEligibility(winBacks.get(0).getId())).isEqualTo("ELIGIBLE");
            }
        }
        assertThat(jdbc.sql("SELECT failure FROM segment_entry WHERE run_id = ? AND contact_id = ? AND failed_at IS NOT NULL")
                .params(runId, bad).query(String.class).single()).isEqualTo("IllegalArgumentException");
        for (long contact : newInactive) {
            assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(String.valueOf(contact)).processDefinitionKey("inactive-winback")
                    .count()).as("no win-back starts for NEW_INACTIVE").isZero();
            assertThat(jdbc.sql("""
                    SELECT journeys FROM segment_entry WHERE run_id = ? AND contact_id = ? AND segment = 'NEW_INACTIVE'
                       AND published_at IS NOT NULL""").params(runId, contact).query(Integer.class).single())
                    .as("recorded as published to nobody").isZero();
        }
    }

    private Object entryEligibility(String processInstanceId) {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName("winBackEntry").singleResult().getValue();
    }

    /** A contact who signed up and last bought the given numbers of days ago (null: never). */
    private long contact(int signedUpDaysAgo, Integer purchaseDaysAgo) {
        String externalId = "publish-" + UUID.randomUUID();
        long id = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Test", "en", true,
                false)).orElseThrow().id();
        jdbc.sql("UPDATE contact SET signed_up_at = ?, last_purchase_at = ?, purchase_count = ?, revenue = ? WHERE id = ?")
                .params(daysAgo(signedUpDaysAgo), daysAgo(purchaseDaysAgo), purchaseDaysAgo == null ? 0 : 1,
                        purchaseDaysAgo == null ? 0 : 40, id)
                .update();
        // signed up long ago: the new sign-up relaunch is long over
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "signed up long ago"));
        return id;
    }

    private static java.time.OffsetDateTime daysAgo(Integer days) {
        return days == null ? null : io.rekindle.system.Times.utc(NOW.minus(Duration.ofDays(days)));
    }
}
