package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.rekindle.support.ModelerDeploy;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The daily classification run over HTTP and the real engine: segments, history only on change,
 * entered-segment events, resume after a crash, a decision version deployed as the Modeler does.
 * Chunks of 2 contacts and a zero job budget make every engine job one chunk, so progress is visible.
 */
@RekindleIntegrationTest(properties = {"rekindle.classification.chunk-size=2",
        "rekindle.classification.job-budget=PT0S", "rekindle.classification.publish-batch-size=1"})
class DailyClassificationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T05:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    ClassificationRuns runs;
    @Autowired
    JdbcClient jdbc;

    Api api;
    TimeMachine time;

    @BeforeEach
    void setUp() {
        init(engine);
        api = new Api(port);
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(NOW);
    }

    @AfterEach
    void resetClockAndStopRuns() {
        // the tests share one database: no run may stay open for the next test
        engine.getRuntimeService().createProcessInstanceQuery().list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstanceIfExists(p.getId(), "test over", true,
                        true, true, true));
        jdbc.sql("UPDATE classification_run SET status = 'FAILED', running_lock = NULL WHERE running_lock IS NOT NULL")
                .update();
        TimeMachine.reset();
    }

    @Test
    void aRunClassifiesEveryContactAndWritesHistoryOnlyWhenSomethingChanged() {
        long engaged = contact(400, 10, null, null, 3, 250);
        long newInactive = contact(60, null, null, null, 0, 0);
        long inactive = contact(400, 300, null, null, 1, 40);
        long lostDespiteOpens = contact(1200, null, null, 10, 0, 0);
        long recent = contact(5, null, null, null, 0, 0);

        JsonNode first = runToTheEnd();

        assertThat(first.get("status").asText()).isEqualTo("FINISHED");
        assertThat(first.get("contactsDone").asLong()).isEqualTo(first.get("contactsTotal").asLong());
        assertThat(segment(engaged)).isEqualTo("ENGAGED");
        assertThat(segment(newInactive)).isEqualTo("NEW_INACTIVE");
        assertThat(segment(inactive)).isEqualTo("INACTIVE");
        assertThat(segment(lostDespiteOpens)).as("opens alone are no activity").isEqualTo("LOST");
        assertThat(segment(recent)).isEqualTo("RECENT_ACTIVITY");
        assertThat(jdbc.sql("SELECT engagement_tag FROM contact WHERE id = ?").param(inactive).query(String.class)
                .single()).isEqualTo("inactive");
        long runId = first.get("id").asLong();
        assertThat(historyRows(engaged)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT from_segment IS NULL AND to_segment = 'ENGAGED' AND decision_version = ?"
                + " FROM segment_history WHERE contact_id = ?").params(first.get("decisionVersion").asInt(), engaged)
                .query(Boolean.class).single()).isTrue();
        assertThat(entries(runId)).containsExactlyInAnyOrder(newInactive, inactive);
        assertThat(first.get("segmentCounts").get("NEW_INACTIVE").asLong()).isPositive();
        assertThat(first.get("segmentCounts").get("LOST").asLong()).isPositive();
        assertThat(first.get("durationMs").isNumber()).isTrue();

        // nothing changed: a second run writes nothing
        JsonNode second = runToTheEnd();
        assertThat(second.get("contactsChanged").asLong()).isZero();
        assertThat(historyRows(engaged)).isEqualTo(1);
        assertThat(entries(second.get("id").asLong())).isEmpty();

        // the inactive contact buys: the next run moves exactly that contact
        api.post("/api/events", "{\"contactId\":" + inactive + ",\"type\":\"PURCHASE\",\"amount\":30}");
        JsonNode third = runToTheEnd();
        assertThat(segment(inactive)).isEqualTo("ENGAGED");
        assertThat(historyRows(inactive)).isEqualTo(2);
        assertThat(third.get("contactsChanged").asLong()).isEqualTo(1);
    }

    /**
     * Loyalty balances and purchases posted as events feed the run (chunks of 2: the purchases are streamed chunk by
     * chunk): a balance that did not move in 90 days is stagnant, one that grew is activity, one without a report 90
     * days old has no change; a customer who usually buys every 20 days and has not bought for 60 is at risk.
     */
    @Test
    void loyaltyBalancesAndTheirOwnReorderCadenceFeedTheRunAndItsExplanation() {
        long regular = contact(600, null, null, null, 0, 0);
        purchases(regular, 120, 100, 80, 60);
        long steady = contact(600, null, null, null, 0, 0);
        purchases(steady, 70, 50, 30, 10);
        long twoOrders = contact(600, null, null, null, 0, 0);
        purchases(twoOrders, 80, 60); // one gap: no usual interval yet
        long stagnant = contact(600, null, null, null, 0, 0);
        balances(stagnant, 100, 300, 5, 300);
        long earning = contact(600, null, null, null, 0, 0);
        balances(earning, 95, 100, 3, 250);
        long newMember = contact(600, null, null, null, 0, 0);
        balances(newMember, 10, 500, 2, 800);

        runToTheEnd();

        assertThat(rule(regular)).as("every 20 days, nothing for 60").isEqualTo("Rule_Disengaged_OverdueVsCadence");
        assertThat(segment(regular)).isEqualTo("DISENGAGED");
        assertThat(rule(steady)).isEqualTo("Rule_Engaged_RecentPurchase");
        assertThat(rule(twoOrders)).isEqualTo("Rule_Engaged_RecentPurchase");
        assertThat(rule(stagnant)).as("300 points 100 days ago, 300 now").isEqualTo("Rule_Inactive");
        assertThat(rule(earning)).isEqualTo("Rule_RecentActivity_LoyaltyPoints");
        assertThat(rule(newMember)).as("no balance 90 days old: no change").isEqualTo("Rule_Inactive");

        JsonNode explained = api.get("/api/contacts/" + regular + "/classification").json();
        JsonNode inputs = explained.get("ifClassifiedNow").get("inputs");
        assertThat(inputs.get("usualReorderDays").asInt()).isEqualTo(20);
        assertThat(inputs.get("daysOverdueVsCadence").asInt()).isEqualTo(40);
        assertThat(inputs.get("daysSinceLastPurchase").asInt()).isEqualTo(60);
        assertThat(explained.get("rule").get("id").asText()).isEqualTo("Rule_Disengaged_OverdueVsCadence");
        inputs = api.get("/api/contacts/" + steady + "/classification").json().get("ifClassifiedNow").get("inputs");
        assertThat(inputs.get("daysOverdueVsCadence").asInt()).as("not due yet").isEqualTo(-10);
        inputs = api.get("/api/contacts/" + twoOrders + "/classification").json().get("ifClassifiedNow").get("inputs");
        assertThat(inputs.get("usualReorderDays").isNull()).isTrue();
        assertThat(inputs.get("daysOverdueVsCadence").isNull()).isTrue();
        assertThat(loyaltyChange(stagnant)).isZero();
        assertThat(loyaltyChange(earning)).isEqualTo(150);
        assertThat(api.get("/api/contacts/" + newMember + "/classification").json().get("ifClassifiedNow")
                .get("inputs").get("loyaltyPointsChange").isNull()).isTrue();
        assertThat(api.get("/api/contacts/" + earning).json().get("loyaltyPoints").asInt())
                .as("the contact's balance is the latest report").isEqualTo(250);
    }

    private void purchases(long contact, int... daysAgo) {
        for (int days : daysAgo) {
            var posted = api.post("/api/events", "{\"contactId\":" + contact + ",\"type\":\"PURCHASE\",\"amount\":30,"
                    + "\"occurredAt\":\"" + NOW.minus(java.time.Duration.ofDays(days)) + "\"}");
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        }
    }

    /** Two balance reports: {@code points1} {@code days1} days ago, {@code points2} {@code days2} days ago. */
    private void balances(long contact, int days1, int points1, int days2, int points2) {
        for (int[] report : new int[][] {{days1, points1}, {days2, points2}}) {
            var posted = api.post("/api/events", "{\"contactId\":" + contact + ",\"type\":\"LOYALTY_POINTS\","
                    + "\"points\":" + report[1] + ",\"occurredAt\":\"" + NOW.minus(java.time.Duration.ofDays(report[0]))
                    + "\"}");
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        }
    }

    private String rule(long contactId) {
        return jdbc.sql("SELECT segment_rule FROM contact WHERE id = ?").param(contactId).query(String.class).single();
    }

    private int loyaltyChange(long contactId) {
        return api.get("/api/contacts/" + contactId + "/classification").json().get("ifClassifiedNow").get("inputs")
                .get("loyaltyPointsChange").asInt();
    }

    @Test
    void aContactEnteringInactiveIsPublishedAsAMessageAndStartsTheWinBack() {
        long inactive = contact(400, 300, null, null, 1, 40);
        long engaged = contact(400, 10, null, null, 3, 250);

        long runId = runToTheEnd().get("id").asLong();

        var winBack = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey("inactive-winback").processInstanceBusinessKey(String.valueOf(inactive))
                .singleResult();
        assertThat(winBack).isNotNull();
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(winBack.getId())
                .variableName("segment").singleResult().getValue()).isEqualTo("INACTIVE");
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(winBack.getId())
                .activityId("Task_SendMissYouEmail").count()).as("the win-back reached its first send").isEqualTo(1);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey("inactive-winback").processInstanceBusinessKey(String.valueOf(engaged))
                .count()).isZero();
        assertThat(jdbc.sql("SELECT journeys FROM segment_entry WHERE run_id = ? AND contact_id = ?")
                .params(runId, inactive).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theScheduleInTheDiagramStartsARunEveryDayAt5Utc() {
        var timer = engine.getManagementService().createJobQuery().processDefinitionKey("daily-classification")
                .timers().singleResult();
        Instant due = timer.getDuedate().toInstant();
        assertThat(due.atZone(java.time.ZoneOffset.UTC).toLocalTime()).isEqualTo(java.time.LocalTime.of(5, 0));
        long runsBefore = countRuns();

        time.travelTo(due.minusSeconds(60));
        time.runDueJobs();
        assertThat(countRuns()).as("not before 05:00").isEqualTo(runsBefore);

        time.travelTo(due);
        time.runDueJobs();
        assertThat(countRuns()).isEqualTo(runsBefore + 1);
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().activityId("StartEvent_EveryMorning")
                .count()).isEqualTo(1);
        var next = engine.getManagementService().createJobQuery().processDefinitionKey("daily-classification")
                .timers().singleResult();
        assertThat(next.getDuedate().toInstant()).isEqualTo(due.plus(Duration.ofDays(1)));
    }

    @Test
    void progressIsVisibleWhileTheRunGoesAndASecondRunIsRefused() {
        for (int i = 0; i < 5; i++) {
            contact(100, null, null, null, 0, 0);
        }
        Api.Response started = api.post("/api/classification/runs", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long runId = started.json().get("id").asLong();
        String processId = started.json().get("processInstanceId").asText();
        var process = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processId)
                .singleResult();

        executeOneJob();
        JsonNode midway = api.get("/api/classification/runs/" + runId).json();
        assertThat(midway.get("status").asText()).isEqualTo("RUNNING");
        assertThat(midway.get("contactsDone").asLong()).isEqualTo(2);
        assertThat(engine.getRuntimeService().getVariable(processId, "contactsDone")).isEqualTo(2L);
        assertThat(process).isWaitingAt("Task_ClassifyContacts");

        Api.Response refused = api.post("/api/classification/runs", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("EndEvent_AlreadyRunning").count()).isEqualTo(1);

        time.runDueJobs();
        assertThat(process).hasPassedInOrder("Task_OpenRun", "Task_ClassifyContacts", "Task_PublishEntries",
                "Task_FinishRun", "EndEvent_RunFinished").isEnded();
        assertThat(api.get("/api/classification/runs/" + runId).json().get("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    void aRunThatCrashedMidwayResumesWithoutDoubleHistoryRows() {
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(contact(400, 300, null, null, 1, 10));
        }
        long runId = api.post("/api/classification/runs", "").json().get("id").asLong();
        // the job's first attempt committed one chunk with its checkpoint, then its node died before the job
        // itself completed: the engine will run the same job again
        runs.classifySome(runId);
        JsonNode midway = api.get("/api/classification/runs/" + runId).json();
        assertThat(midway.get("contactsDone").asLong()).isEqualTo(2);

        time.runDueJobs();

        JsonNode run = api.get("/api/classification/runs/" + runId).json();
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
        assertThat(run.get("contactsDone").asLong()).as("every contact counted once")
                .isEqualTo(run.get("contactsTotal").asLong());
        for (long contact : created) {
            assertThat(historyRows(contact)).as("contact %d", contact).isEqualTo(1);
            assertThat(segment(contact)).isEqualTo("INACTIVE");
        }
        assertThat(countHistory(runId)).isEqualTo(run.get("contactsChanged").asLong());
    }

    @Test
    void aRunWhoseProcessWasCancelledInCockpitDoesNotBlockTheNextOne() throws Exception {
        contact(100, null, null, null, 0, 0);
        Api.Response first = api.post("/api/classification/runs", "");
        String processId = first.json().get("processInstanceId").asText();
        assertThat(api.post("/api/classification/runs", "").status()).isEqualTo(409);

        engine.getRuntimeService().deleteProcessInstance(processId, "cancelled by an operator");
        time.travelTo(NOW.plus(Duration.ofMinutes(5)));

        // started the way an operator or another system would: the start message through the engine REST API
        HttpResponse<String> started = engineRest("/message",
                "{\"messageName\":\"ClassificationRunRequested\",\"resultEnabled\":true}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        time.runDueJobs();

        JsonNode runsNow = api.get("/api/classification/runs").json();
        assertThat(runsNow.get(0).get("status").asText()).isEqualTo("FINISHED");
        assertThat(runsNow.get(1).get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(runsNow.get(1).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aDecisionVersionDeployedThroughTheEngineRestApiIsUsedByTheNextRun() throws Exception {
        long boughtSixtyDaysAgo = contact(500, 60, null, null, 2, 80);
        runToTheEnd();
        assertThat(segment(boughtSixtyDaysAgo)).isEqualTo("ENGAGED");

        // the analyst narrows "engaged" to purchases in the last 30 days and deploys from the Modeler
        String dmn = Files.readString(Path.of("dmn/inactivity-classification.dmn"));
        String edited = dmn.replaceFirst("(<rule id=\"Rule_Engaged_RecentPurchase\">[\\s\\S]*?<text>)&lt;= 90(</text>)",
                "$1&lt;= 30$2");
        assertThat(edited).isNotEqualTo(dmn);
        HttpResponse<String> deployed = deployLikeTheModeler("inactivity-classification.dmn", edited);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);

        JsonNode run = runToTheEnd();
        assertThat(run.get("decisionVersion").asInt()).isEqualTo(2);
        assertThat(segment(boughtSixtyDaysAgo)).isNotEqualTo("ENGAGED");
        JsonNode explanation = api.get("/api/contacts/" + boughtSixtyDaysAgo + "/classification").json();
        assertThat(explanation.get("decisionVersion").asInt()).isEqualTo(2);
        assertThat(explanation.get("segment").asText()).isEqualTo(segment(boughtSixtyDaysAgo));
        assertThat(explanation.get("rule").get("annotation").asText()).isNotBlank();
        assertThat(explanation.get("ifClassifiedNow").get("inputs").get("daysSinceLastPurchase").asInt())
                .isEqualTo(60);
    }

    @Test
    void aBrokenDecisionDeployedThroughTheEngineRestApiIsRefusedAndTheCurrentVersionStays() throws Exception {
        int before = latestVersion();
        HttpResponse<String> refused = deployLikeTheModeler("inactivity-classification.dmn",
                "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"><decision id=");
        // the engine REST API answers its own way (500 with the parser's message, which the Modeler shows)
        assertThat(refused.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(refused.body()).contains("Unable to transform DMN resource");
        assertThat(latestVersion()).isEqualTo(before);
    }

    @Test
    void theExplanationOfAContactNamesTheRuleAndItsInputs() {
        long contact = contact(60, null, null, null, 0, 0);
        runToTheEnd();

        JsonNode explanation = api.get("/api/contacts/" + contact + "/classification").json();

        assertThat(explanation.get("segment").asText()).isEqualTo("NEW_INACTIVE");
        assertThat(explanation.get("engagementTag").asText()).isEqualTo("inactive");
        assertThat(explanation.get("rule").get("id").asText()).isEqualTo("Rule_NewInactive");
        assertThat(explanation.get("rule").get("annotation").asText()).startsWith("New inactive");
        JsonNode inputs = explanation.get("ifClassifiedNow").get("inputs");
        assertThat(inputs.get("daysSinceSignUp").asInt()).isEqualTo(60);
        assertThat(inputs.get("daysSinceLastPurchase").isNull()).isTrue();
        assertThat(api.get("/api/contacts/999999/classification").status()).isEqualTo(404);
    }

    private JsonNode runToTheEnd() {
        Api.Response started = api.post("/api/classification/runs", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        time.runDueJobs();
        return api.get("/api/classification/runs/" + started.json().get("id").asLong()).json();
    }

    private void executeOneJob() {
        var job = engine.getManagementService().createJobQuery().executable().list().get(0);
        engine.getManagementService().executeJob(job.getId());
    }

    private int latestVersion() {
        return engine.getRepositoryService().createDecisionDefinitionQuery()
                .decisionDefinitionKey("inactivity-classification").latestVersion().singleResult().getVersion();
    }

    private HttpResponse<String> deployLikeTheModeler(String fileName, String content) {
        return ModelerDeploy.deploy(port, engine.getName(), fileName, content);
    }

    private HttpResponse<String> engineRest(String path, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/engine/"
                        + engine.getName() + path))
                .header("Authorization", Api.basic(Api.USER, Api.PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }


    /** A contact with its activity dated in days before now (null = never). */
    private long contact(int signedUpDaysAgo, Integer purchaseDaysAgo, Integer visitDaysAgo, Integer openDaysAgo,
            int purchases, int revenue) {
        String externalId = "cls-" + UUID.randomUUID();
        long id = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Test", "en", true,
                false)).orElseThrow().id();
        jdbc.sql("""
                UPDATE contact SET signed_up_at = ?, last_purchase_at = ?, last_visit_at = ?, last_email_open_at = ?,
                       purchase_count = ?, revenue = ? WHERE id = ?""")
                .params(daysAgo(signedUpDaysAgo), daysAgo(purchaseDaysAgo), daysAgo(visitDaysAgo),
                        daysAgo(openDaysAgo), purchases, revenue, id)
                .update();
        // signed up long ago: the new sign-up relaunch is long over
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "signed up long ago"));
        return id;
    }

    private static java.time.OffsetDateTime daysAgo(Integer days) {
        return days == null ? null : io.rekindle.system.Times.utc(NOW.minus(Duration.ofDays(days)));
    }

    private String segment(long contactId) {
        return jdbc.sql("SELECT segment FROM contact WHERE id = ?").param(contactId).query(String.class).single();
    }

    private long historyRows(long contactId) {
        return jdbc.sql("SELECT COUNT(*) FROM segment_history WHERE contact_id = ?").param(contactId)
                .query(Long.class).single();
    }

    private long countRuns() {
        return jdbc.sql("SELECT COUNT(*) FROM classification_run").query(Long.class).single();
    }

    private long countHistory(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM segment_history WHERE run_id = ?").param(runId).query(Long.class)
                .single();
    }

    private java.util.List<Long> entries(long runId) {
        return jdbc.sql("SELECT contact_id FROM segment_entry WHERE run_id = ? AND published_at IS NOT NULL")
                .param(runId).query(Long.class).list();
    }
}
