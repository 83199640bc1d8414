package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.StatementCounter;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ManagementService;
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

    private static final int EMAILS = 3;
    private static final Logger log = LoggerFactory.getLogger(HotPathStatementsTest.class);
    /** A statement that reads or writes the engine's users, groups or memberships. */
    private static final java.util.regex.Pattern IDENTITY_TABLES = java.util.regex.Pattern.compile(
            "(FROM|JOIN|INTO|UPDATE) ACT_ID_");

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;
    @Autowired
    EmailDispatcher email;
    @Autowired
    GreenMail smtp;

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
        // stored, correlated and its inbox row written DONE, one transaction (EventInbox.storeAndDeliver); 6, and on
        // PostgreSQL 1 more that bounds its lock waits (14 and 5 commits before issue 19; 10 and 2 before the one
        // transaction; 9 while each of its two messages also looked for a process starting on it; 8 while each of
        // them was looked up on its own, not both in one read)
        assertThat(StatementCounter.commits(sent)).isEqualTo(1);
        assertThat(StatementCounter.statements(sent)).isLessThanOrEqualTo(7);
    }

    @Test
    void aPurchaseThatEndsAWaitingJourney() {
        long contact = signUp("buyer-" + UUID.randomUUID(), "");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contact)).count()).isOne();
        List<StatementCounter.Sent> sent = measured("PURCHASE ending a journey", () -> purchase(contact));
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact)).count())
                .as("the journey ended").isZero();
        // 43, and 1 more on PostgreSQL (50 and 5 commits before issue 19, 46 and 2 before the one transaction, 45 while
        // each message also looked for a process starting on it): most of them the engine's, ending the journey and
        // dating its history
        assertThat(StatementCounter.commits(sent)).isEqualTo(1);
        assertThat(StatementCounter.statements(sent)).isLessThanOrEqualTo(44);
    }

    /**
     * Delivering an email: the batch's one read of due ids, then per email its claim (which returns the row and its
     * Message-ID's random id), the contact, the pressure read, the SMTP exchange and the record of it. Each statement
     * commits on its own: a row's claim and its result are two commits on purpose (the claim holds while the server
     * answers).
     */
    @Test
    void anEmailDispatched() {
        Instant signedUp = Instant.parse("2026-05-04T08:00:00Z"); // J+30 on a Wednesday morning in Paris
        TimeMachine time = new TimeMachine(management);
        try {
            time.travelTo(signedUp);
            for (int i = 0; i < EMAILS; i++) {
                signUp("dispatched-" + UUID.randomUUID(), "");
            }
            time.travelTo(signedUp.plus(Duration.ofDays(30)));
            time.runDueJobs();
            StatementCounter.clear();
            int sent = email.dispatchDue();
            String thread = Thread.currentThread().getName();
            List<StatementCounter.Sent> statements = StatementCounter.sent(s -> s.thread().equals(thread));
            log.info("dispatch of {} emails: {} statements\n  {}", sent, StatementCounter.statements(statements),
                    String.join("\n  ", statements.stream().map(s -> s.sql().length() > 140
                            ? s.sql().substring(0, 140) : s.sql()).toList()));
            assertThat(sent).isEqualTo(EMAILS);
            assertThat(smtp.getReceivedMessages()).hasSize(EMAILS);
            // 1 + 4 per email (1 + 6 before: the claim, then the row and its Message-ID's id read apart)
            assertThat(StatementCounter.statements(statements)).isLessThanOrEqualTo(1 + 4 * EMAILS);
            assertThat(StatementCounter.commits(statements)).isZero();
        } finally {
            TimeMachine.reset();
        }
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
