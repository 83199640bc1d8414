package io.rekindle.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.JourneyLock;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A contact change that meets a journey a timer is moving at that moment: another transaction holds the journey's
 * execution rows (as the timer's job does while it runs) and the app's statements give up after 2 s of waiting for a
 * lock. Withdrawing the email consent ends the journeys in the change's transaction, so the change waits on those
 * rows. {@link ContactService#change} tries the whole change again: a lock released in time lets it through, a lock
 * held through every attempt gives a 409 and changes nothing. The same for the PATCH API and Segment {@code identify}.
 */
@RekindleIntegrationTest(properties = "spring.datasource.hikari.connection-init-sql=SET LOCK_TIMEOUT = 2000")
class ContactChangeConflictTest {

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aPatchRetriedPastAMovingJourneyWithdrawsTheConsentAndEndsTheJourney() throws Exception {
        assertRetriedThrough(contact -> api.send("PATCH", "/api/contacts/" + contact.id(),
                "{\"emailConsent\":false}", ContactController.MERGE_PATCH, Api.basic(Api.USER, Api.PASSWORD)));
    }

    @Test
    void aPatchThatMeetsTheMovingJourneyEveryTimeIsA409AndChangesNothing() throws Exception {
        assertConflict(contact -> api.send("PATCH", "/api/contacts/" + contact.id(), "{\"emailConsent\":false}",
                ContactController.MERGE_PATCH, Api.basic(Api.USER, Api.PASSWORD)));
    }

    @Test
    void aSegmentIdentifyIsRetriedPastAMovingJourneyToo() throws Exception {
        assertRetriedThrough(contact -> api.post("/api/segment/v1/identify", "{\"userId\":\""
                + contact.externalId() + "\",\"traits\":{\"email_consent\":false}}"));
    }

    @Test
    void aSegmentIdentifyThatMeetsTheMovingJourneyEveryTimeIsA409AndChangesNothing() throws Exception {
        assertConflict(contact -> api.post("/api/segment/v1/identify", "{\"userId\":\"" + contact.externalId()
                + "\",\"traits\":{\"email_consent\":false}}"));
    }

    private void assertRetriedThrough(Function<SignedUp, Api.Response> withdrawal) throws Exception {
        SignedUp contact = signUp();
        var lock = new JourneyLock(dataSource, journeyOf(contact.id()));
        // released during the second attempt: the first gave up after 2 s of waiting
        var release = CompletableFuture.runAsync(lock::close, CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));

        Api.Response answer = withdrawal.apply(contact);

        release.get();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(emailConsent(contact.id())).isFalse();
        assertThat(journeyRuns(contact.id())).as("ended by the withdrawal").isFalse();
        assertThat(changes(contact.id())).as("written once, by the attempt that went through").isEqualTo(1);
    }

    private void assertConflict(Function<SignedUp, Api.Response> withdrawal) throws Exception {
        SignedUp contact = signUp();
        Api.Response answer;
        try (var lock = new JourneyLock(dataSource, journeyOf(contact.id()))) {
            answer = withdrawal.apply(contact);
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("journeys were moving");
        assertThat(emailConsent(contact.id())).as("nothing changed").isTrue();
        assertThat(changes(contact.id())).isZero();
        assertThat(journeyRuns(contact.id())).isTrue();
    }

    private record SignedUp(long id, String externalId) {
    }

    private SignedUp signUp() {
        String externalId = "conflict-" + UUID.randomUUID();
        Api.Response response = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\""
                + externalId + "@example.com\",\"firstName\":\"Zoé\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new SignedUp(response.json().get("id").asLong(), externalId);
    }

    private String journeyOf(long contact) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contact)).singleResult().getId();
    }

    private boolean journeyRuns(long contact) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact)).count() > 0;
    }

    private boolean emailConsent(long contact) {
        return jdbc.sql("SELECT email_consent FROM contact WHERE id = ?").param(contact).query(Boolean.class)
                .single();
    }

    private long changes(long contact) {
        return jdbc.sql("SELECT COUNT(*) FROM contact_change WHERE contact_id = ? AND field = 'emailConsent'")
                .param(contact).query(Long.class).single();
    }
}
