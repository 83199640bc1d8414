package io.rekindle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.JourneyLock;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The durable inbox (issue 13) with correlations that really fail: another connection holds a row lock on the
 * journey's execution rows, as a long transaction of another node would, and the app's statements give up after
 * 2 seconds of waiting for a lock (SET LOCK_TIMEOUT, valid on H2 and PostgreSQL). The purchase is stored and answered
 * PENDING; the inbox retries it with backoff; once the lock is gone the journey ends and the buyer never gets
 * relaunch 2 at J+37.
 */
@RekindleIntegrationTest(properties = "spring.datasource.hikari.connection-init-sql=SET LOCK_TIMEOUT = 2000")
class EventInboxTest {

    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventInbox inbox;

    Api api;
    TimeMachine time;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        time = new TimeMachine(management);
        time.travelTo(J);
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void aPurchaseWhoseCorrelationFailsIsRetriedWithBackoffUntilTheRelaunchEndsAndNoRelaunch2GoesOut() throws Exception {
        long buyer = contactPastRelaunch1("Bea");
        double failedBefore = attempts("failed");
        JsonNode accepted;
        try (var lock = new JourneyLock(dataSource, journeyOf(buyer))) {
            Instant sent = Instant.now();
            Api.Response response = purchase(buyer, "order-1");
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            assertThat(Duration.between(sent, Instant.now())).as("answered, not hung").isLessThan(Duration.ofSeconds(15));
            accepted = response.json();
            assertThat(accepted.get("correlation").asText()).isEqualTo("PENDING");
            assertThat(accepted.get("correlatedJourneys").asInt()).isZero();
            long event = accepted.get("eventId").asLong();

            JsonNode state = api.get("/api/events/" + event).json();
            assertThat(state.get("correlation").asText()).isEqualTo("PENDING");
            assertThat(state.get("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(state.get("nextAttemptAt").asText())).isEqualTo(J.plus(Duration.ofDays(30))
                    .plusSeconds(30));
            assertThat(state.get("lastError").asText()).as("the kind of failure, no personal data").isNotBlank()
                    .doesNotContain("Bea");
            JsonNode summary = api.get("/api/events/inbox").json();
            assertThat(summary.get("pending").asLong()).isEqualTo(1);
            assertThat(summary.get("failing").asLong()).isEqualTo(1);

            // backoff: nothing before 30 s; at 30 s the worker tries again and fails again (the lock is still held)
            time.advance(Duration.ofSeconds(20));
            assertThat(inbox.retryDue()).isZero();
            assertThat(api.get("/api/events/" + event).json().get("attempts").asInt()).isEqualTo(1);
            time.advance(Duration.ofSeconds(10));
            assertThat(inbox.retryDue()).isZero();
            state = api.get("/api/events/" + event).json();
            assertThat(state.get("attempts").asInt()).isEqualTo(2);
            assertThat(Instant.parse(state.get("nextAttemptAt").asText())).as("doubled")
                    .isEqualTo(time.now().plusSeconds(60));
            assertThat(journeyRuns(buyer)).isTrue();
        }
        assertThat(attempts("failed") - failedBefore).isEqualTo(2);
        long event = accepted.get("eventId").asLong();
        time.advance(Duration.ofSeconds(59));
        assertThat(inbox.retryDue()).as("still in its backoff").isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(inbox.retryDue()).isEqualTo(1);

        JsonNode state = api.get("/api/events/" + event).json();
        assertThat(state.get("correlation").asText()).isEqualTo("DONE");
        assertThat(state.get("journeys").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(state.get("attempts").asInt()).isEqualTo(3);
        assertThat(state.get("correlatedAt").asText()).isNotBlank();
        assertThat(api.get("/api/events/inbox").json().get("pending").asLong()).isZero();
        assertThat(journeyRuns(buyer)).isFalse();
        assertThat(ended(buyer, "EndEvent_Activated")).isTrue();
        assertThat(gauge("rekindle.events.inbox.pending")).isZero();

        time.travelTo(J.plus(Duration.ofDays(38)));
        time.runDueJobs();
        assertThat(templates(buyer)).containsExactly("relaunch-1", "welcome");
    }

    @Test
    void theSendersRetryOfAnEventWhoseCorrelationFailedCompletesIt() throws Exception {
        long buyer = contactPastRelaunch1("Rémi");
        try (var lock = new JourneyLock(dataSource, journeyOf(buyer))) {
            assertThat(purchase(buyer, "order-41").json().get("correlation").asText()).isEqualTo("PENDING");
        }

        // the sender retries at once, long before the inbox's backoff
        Api.Response retry = purchase(buyer, "order-41");

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("duplicate").asBoolean()).isTrue();
        assertThat(retry.json().get("correlation").asText()).isEqualTo("DONE");
        assertThat(retry.json().get("correlatedJourneys").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(ended(buyer, "EndEvent_Activated")).isTrue();
        assertThat(inbox.retryDue()).as("nothing left for the worker").isZero();

        Api.Response again = purchase(buyer, "order-41");
        assertThat(again.json().get("correlation").asText()).isEqualTo("DONE");
        assertThat(again.json().get("correlatedJourneys").asInt()).as("delivered once").isZero();
        assertThat(api.get("/api/events/" + retry.json().get("eventId").asLong()).json().get("attempts").asInt())
                .isEqualTo(2);
    }

    @Test
    void twoWorkersRacingOverTheSameDueEventsRunEachOnce() throws Exception {
        List<Long> buyers = new ArrayList<>();
        List<Long> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long buyer = contactPastRelaunch1("Léa");
            buyers.add(buyer);
            try (var lock = new JourneyLock(dataSource, journeyOf(buyer))) {
                events.add(purchase(buyer, "order-" + i).json().get("eventId").asLong());
            }
        }
        time.advance(Duration.ofMinutes(1));

        var start = new CountDownLatch(1);
        var workers = List.of(CompletableFuture.supplyAsync(() -> race(start)),
                CompletableFuture.supplyAsync(() -> race(start)));
        start.countDown();
        int done = workers.stream().mapToInt(CompletableFuture::join).sum();

        assertThat(done).isEqualTo(3);
        for (long event : events) {
            JsonNode state = api.get("/api/events/" + event).json();
            assertThat(state.get("correlation").asText()).isEqualTo("DONE");
            assertThat(state.get("attempts").asInt()).as("the request's attempt and one worker's").isEqualTo(2);
        }
        buyers.forEach(b -> assertThat(ended(b, "EndEvent_Activated")).isTrue());
    }

    @Test
    void anUnknownEventIsA404Problem() {
        Api.Response response = api.get("/api/events/999999");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private int race(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return inbox.retryDue();
    }

    /** Signed up at J, relaunch 1 written at J+30: the journey waits for an open until J+37. */
    private long contactPastRelaunch1(String firstName) {
        time.travelTo(J);
        String externalId = "inbox-" + UUID.randomUUID();
        long contact = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"" + firstName + "\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false}").json().get("id").asLong();
        time.runDueJobs(); // the welcome
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        assertThat(templates(contact)).containsExactly("relaunch-1", "welcome");
        return contact;
    }

    private Api.Response purchase(long contact, String eventId) {
        return api.post("/api/events", "{\"contactId\":" + contact + ",\"type\":\"PURCHASE\",\"eventId\":\"" + eventId
                + "\",\"amount\":30}");
    }

    private String journeyOf(long contact) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contact)).singleResult().getId();
    }

    private boolean journeyRuns(long contact) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contact)).count() == 1;
    }

    private boolean ended(long contact, String endEvent) {
        return history.createHistoricActivityInstanceQuery().activityId(endEvent).list().stream()
                .anyMatch(a -> history.createHistoricProcessInstanceQuery().processInstanceId(a.getProcessInstanceId())
                        .processInstanceBusinessKey(String.valueOf(contact)).count() == 1);
    }

    private List<String> templates(long contact) {
        List<String> templates = new ArrayList<>();
        api.get("/api/outbox?contactId=" + contact).json().forEach(m -> templates.add(m.get("template").asText()));
        return templates;
    }

    private double attempts(String outcome) {
        Api.Response response = api.get("/actuator/metrics/rekindle.events.inbox.attempts?tag=outcome:" + outcome);
        return response.status() == 404 ? 0 : response.json().get("measurements").get(0).get("value").asDouble();
    }

    private double gauge(String name) {
        return api.get("/actuator/metrics/" + name).json().get("measurements").get(0).get("value").asDouble();
    }
}
