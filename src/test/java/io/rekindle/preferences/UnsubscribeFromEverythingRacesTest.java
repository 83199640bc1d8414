package io.rekindle.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.JourneyLock;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Unsubscribe from everything" on the preference page is one transaction: the choice, the UNSUBSCRIBED event and the
 * end of the contact's journeys commit together. Here another transaction holds the journey's rows, as a timer's job
 * moving it does, and the app's statements give up after 2 seconds of waiting for a lock (as in {@code EventInboxTest}):
 * the save runs again whole, on fresh state, and is saved once the journey is free; held through every attempt, it is a
 * 409 problem and nothing of it is written. H2 and PostgreSQL.
 */
@RekindleIntegrationTest(properties = "spring.datasource.hikari.connection-init-sql=SET LOCK_TIMEOUT = 2000")
class UnsubscribeFromEverythingRacesTest extends OverHttp {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    DataSource dataSource;
    @Autowired
    PreferenceLinks links;

    @Override
    protected Instant start() {
        return Instant.parse("2026-06-01T07:30:00Z");
    }

    @Test
    void aJourneyBusyForTwoAttemptsIsEndedByTheThirdAndEverythingIsWrittenOnce() throws Exception {
        long id = signUp("Inès");
        var lock = new JourneyLock(dataSource, journeyOf(id));
        Instant sent = Instant.now();
        // held over two attempts' lock waits (2 s each), released while the third waits
        CompletableFuture<Void> released = CompletableFuture.runAsync(lock::close,
                CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS));
        Api.Response saved = unsubscribeFromEverything(id);
        released.get(10, TimeUnit.SECONDS);

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("Vous êtes désabonné(e) de tous nos messages marketing.");
        assertThat(Duration.between(sent, Instant.now())).as("saved after the journey was free: a later attempt")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .as("the relaunch ended").isZero();
        assertThat(unsubscribes(id)).as("one event, not one per attempt").isOne();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_preference_change WHERE contact_id = ?").param(id)
                .query(Long.class).single()).isOne();
        assertThat(api.get("/api/contacts/" + id).json().get("emailConsent").asBoolean()).isFalse();
    }

    @Test
    void aJourneyBusyThroughEveryAttemptIsAConflictAndNothingIsWritten_sentAgainItIsSaved() throws Exception {
        long id = signUp("Hugo");
        Api.Response refused;
        try (var lock = new JourneyLock(dataSource, journeyOf(id))) {
            refused = unsubscribeFromEverything(id);
        }
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("Send the form again");
        assertThat(unsubscribes(id)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_preference_change WHERE contact_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(api.get("/api/contacts/" + id).json().get("emailConsent").asBoolean()).isTrue();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .as("the relaunch goes on").isOne();

        Api.Response saved = unsubscribeFromEverything(id);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(unsubscribes(id)).isOne();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .isZero();
    }

    private Api.Response unsubscribeFromEverything(long contactId) {
        return api.post(URI.create(links.urlFor(contactId)).getPath(), "action=unsubscribe-all", FORM, null);
    }

    private long unsubscribes(long contactId) {
        return jdbc.sql("SELECT COUNT(*) FROM contact_event WHERE contact_id = ? AND type = 'UNSUBSCRIBED'")
                .param(contactId).query(Long.class).single();
    }

    private String journeyOf(long contactId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contactId)).singleResult().getId();
    }

    private long signUp(String firstName) {
        String externalId = "prefs-race-" + UUID.randomUUID();
        Api.Response response = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","firstName":"%s","locale":"fr","emailConsent":true,
                 "smsConsent":false}""".formatted(externalId, externalId, firstName));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs(); // the welcome: the journey then waits at J+30
        return response.json().get("id").asLong();
    }
}
