package io.rekindle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.UUID;

import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.EventType;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A purchase the sender posted while the database blinked (or the node died) can be stored without ever reaching
 * its journey: the sender got no 2xx and sends it again with the same eventId. That retry delivers it.
 */
@RekindleIntegrationTest
class EventRetryTest {

    @LocalServerPort
    int port;
    @Autowired
    ContactActivity activity;
    @Autowired
    HistoryService history;
    @Autowired
    Clock clock;

    @Test
    void aPurchaseStoredButNeverCorrelatedReachesTheJourneyWhenTheSenderRetries() {
        Api api = new Api(port);
        String externalId = "retry-" + UUID.randomUUID();
        long contact = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"Rémi\",\"locale\":\"fr\",\"emailConsent\":true,\"smsConsent\":false}")
                .json().get("id").asLong();
        // what the first attempt left behind: the event stored (and the CRM updated), its correlation never run
        activity.record(contact, EventType.PURCHASE, clock.instant(), "order-41", new BigDecimal("30.00"), null, null);
        assertThat(relaunchEnded(contact)).as("nothing moved the journey yet").isFalse();

        Api.Response retry = api.post("/api/events", "{\"contactId\":" + contact
                + ",\"type\":\"PURCHASE\",\"eventId\":\"order-41\",\"amount\":30}");

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("duplicate").asBoolean()).isTrue();
        assertThat(retry.json().get("correlatedJourneys").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(relaunchEnded(contact)).as("the relaunch ended on the purchase").isTrue();

        Api.Response again = api.post("/api/events", "{\"contactId\":" + contact
                + ",\"type\":\"PURCHASE\",\"eventId\":\"order-41\",\"amount\":30}");
        assertThat(again.json().get("correlatedJourneys").asInt()).as("delivered once").isZero();
    }

    private boolean relaunchEnded(long contact) {
        return history.createHistoricActivityInstanceQuery().activityId("EndEvent_Activated").list().stream()
                .anyMatch(a -> history.createHistoricProcessInstanceQuery().processInstanceId(a.getProcessInstanceId())
                        .processInstanceBusinessKey(String.valueOf(contact)).count() == 1);
    }
}
