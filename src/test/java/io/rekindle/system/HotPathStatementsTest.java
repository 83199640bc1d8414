package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.StatementCounter;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The SQL a request of each hot path sends, counted at the app's real DataSource on the request's own thread
 * (authentication included): a sign-up, an event no journey waits for, a PURCHASE that ends a waiting journey. The
 * bounds fail the build when a change adds statements or transactions to these paths (issue 19).
 */
@RekindleIntegrationTest
@Import(StatementCounter.class)
class HotPathStatementsTest {

    private static final Logger log = LoggerFactory.getLogger(HotPathStatementsTest.class);
    /** A statement that reads or writes the engine's users, groups or memberships. */
    private static final java.util.regex.Pattern IDENTITY_TABLES = java.util.regex.Pattern.compile(
            "(FROM|JOIN|INTO|UPDATE) ACT_ID_");

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        // the credentials once, so that each measured request is an integration's steady state
        signUp("warm-up-" + UUID.randomUUID(), "");
    }

    @Test
    void aSignUpIsOneTransaction() {
        List<StatementCounter.Sent> sent = measured("sign-up", () -> signUp("sign-up-" + UUID.randomUUID(), ""));
        // the contact (its insert is its duplicate check), the journey's start: 12 (16, 4 commits before issue 19)
        assertThat(StatementCounter.commits(sent)).isEqualTo(1);
        assertThat(StatementCounter.statements(sent)).isLessThanOrEqualTo(12);
    }

    @Test
    void anEventNoJourneyWaitsFor() {
        // signed up long ago: an existing customer, in no journey
        long contact = signUp("no-journey-" + UUID.randomUUID(), ",\"signedUpAt\":\"2024-01-01T00:00:00Z\"");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact)).count())
                .isZero();
        List<StatementCounter.Sent> sent = measured("event, no journey waiting", () -> purchase(contact));
        // stored with its inbox row, then correlated with its DONE: two on purpose (EventInbox); 10 (14, 5 commits)
        assertThat(StatementCounter.commits(sent)).isEqualTo(2);
        assertThat(StatementCounter.statements(sent)).isLessThanOrEqualTo(10);
    }

    @Test
    void aPurchaseThatEndsAWaitingJourney() {
        long contact = signUp("buyer-" + UUID.randomUUID(), "");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contact)).count()).isOne();
        List<StatementCounter.Sent> sent = measured("PURCHASE ending a journey", () -> purchase(contact));
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact)).count())
                .as("the journey ended").isZero();
        // 46 (50, 5 commits before issue 19): most of them the engine's, ending the journey and dating its history
        assertThat(StatementCounter.commits(sent)).isEqualTo(2);
        assertThat(StatementCounter.statements(sent)).isLessThanOrEqualTo(46);
    }

    private List<StatementCounter.Sent> measured(String path, Supplier<Long> request) {
        StatementCounter.clear();
        request.get();
        List<StatementCounter.Sent> sent = StatementCounter.fromRequests();
        log.info("{}: {} statements, {} commits, {} on the identity tables\n  {}", path,
                StatementCounter.statements(sent), StatementCounter.commits(sent),
                sent.stream().filter(s -> IDENTITY_TABLES.matcher(s.sql()).find()).count(),
                String.join("\n  ", sent.stream().map(s -> s.sql().length() > 140 ? s.sql().substring(0, 140)
                        : s.sql()).toList()));
        return sent;
    }

    private long signUp(String externalId, String more) {
        Api.Response response = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\""
                + externalId + "@example.com\",\"firstName\":\"Ana\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false" + more + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private long purchase(long contact) {
        Api.Response response = api.post("/api/events", "{\"contactId\":" + contact
                + ",\"type\":\"PURCHASE\",\"eventId\":\"" + UUID.randomUUID() + "\",\"amount\":30}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().get("correlation").asText()).isEqualTo("DONE");
        return contact;
    }
}
