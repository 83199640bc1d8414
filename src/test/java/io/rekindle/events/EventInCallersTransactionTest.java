package io.rekindle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.rekindle.contact.EventType;
import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event stored and delivered inside a caller's transaction (the way the preference page's unsubscribe from
 * everything goes) reaches the same journeys as one posted on its own: an open moves the journey that sent that email,
 * not none.
 */
@RekindleIntegrationTest
class EventInCallersTransactionTest extends OverHttp {

    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");

    @Autowired
    EventIntake intake;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    TransactionTemplate transaction;

    @Override
    protected Instant start() {
        return J;
    }

    @Test
    void anOpenInACallersTransactionEndsTheJourneyThatSentTheEmail() {
        Api.Response created = api.post("/api/contacts", """
                {"externalId":"tx-%1$s","email":"tx-%1$s@example.com","firstName":"Lina","locale":"fr",
                 "emailConsent":true,"smsConsent":false}""".formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        time.runDueJobs();
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        dispatcher.dispatchDue();
        long relaunch = api.get("/api/outbox?contactId=" + id).json().get(0).get("id").asLong(); // newest first: the relaunch
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .as("waiting for an open or J+60").isEqualTo(1);

        EventAccepted accepted = transaction.execute(s -> intake.accept(
                new EventRequest(id, null, EventType.EMAIL_OPENED, null, null, null, null, relaunch)));

        assertThat(accepted.correlatedJourneys()).isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id))
                .singleResult().getEndActivityId()).isEqualTo("EndEvent_OpenedRelaunch1");
        assertThat(jdbc.sql("SELECT status FROM event_inbox i JOIN contact_event e ON e.id = i.event_id"
                + " WHERE e.contact_id = ? AND e.type = 'EMAIL_OPENED'").param(id).query(String.class).single())
                .isEqualTo("DONE");
    }
}
