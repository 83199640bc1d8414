package io.rekindle.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.SmsProvider;
import io.rekindle.support.SmsProvider.Sms;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * SMS over a real local HTTP server standing in for the provider: the win-back's SMS is delivered with its
 * idempotency key and credentials; 500s and a provider hanging past the client timeout are retried and the SMS
 * arrives once; a 400 is not retried; an SMS unsubscribe before delivery means no request at all.
 */
@RekindleIntegrationTest(properties = {"rekindle.sms.enabled=true", "rekindle.sms.scheduled=false",
        "rekindle.sms.api-key=test-sms-key", "rekindle.sms.sender=Rekindle", "rekindle.sms.timeout=PT0.5S",
        "rekindle.sms.retry-base=PT1M"})
class SmsOverHttpTest {

    private static final Instant D = Instant.parse("2026-06-01T10:00:00Z"); // Monday, 12:00 in Paris

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    SmsDispatcher dispatcher;
    @Autowired
    SmsProvider provider;

    Api api;
    TimeMachine time;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(D);
        provider.reset();
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void theWinBackSmsIsDeliveredOnceThrough500sAndAProviderThatHangs() {
        long sam = smsOnlyContactInWinBack("Sam");
        long message = smsOf(sam).get("id").asLong();

        provider.answer(500, 0).answer(200, 2_000).answer(200, 0);
        dispatcher.dispatchDue(); // 500
        assertThat(api.get("/api/outbox/" + message).json().get("status").asText()).isEqualTo("PENDING");
        time.advance(Duration.ofMinutes(1));
        dispatcher.dispatchDue(); // the provider takes it but answers after the client gave up
        assertThat(api.get("/api/outbox/" + message).json().get("status").asText()).isEqualTo("PENDING");
        time.advance(Duration.ofMinutes(2));
        dispatcher.dispatchDue(); // 200

        JsonNode sent = api.get("/api/outbox/" + message).json();
        assertThat(sent.get("status").asText()).isEqualTo("SENT");
        assertThat(provider.received()).hasSize(3);
        assertThat(provider.received()).extracting(Sms::idempotencyKey).containsOnly("rekindle-sms-" + message);
        assertThat(provider.delivered()).as("delivered once, counted at the provider").containsExactly(
                "rekindle-sms-" + message);
        Sms last = provider.received().get(2);
        assertThat(last.authorization()).isEqualTo("Bearer test-sms-key");
        assertThat(last.body().get("to").asText()).isEqualTo("+33612345678");
        assertThat(last.body().get("from").asText()).isEqualTo("Rekindle");
        assertThat(last.body().get("text").asText()).startsWith("Sam, vous nous manquez").contains("STOP")
                .contains(sent.get("offerCode").asText());
    }

    @Test
    void anSmsDueOnSaturdayEveningWaitsForMondayMorning() {
        time.travelTo(Instant.parse("2026-06-06T19:00:00Z")); // Saturday 21:00 in Paris
        long eva = smsOnlyContactInWinBack("Eva");
        long message = smsOf(eva).get("id").asLong();

        dispatcher.dispatchDue();
        time.travelTo(Instant.parse("2026-06-07T10:00:00Z")); // Sunday noon
        dispatcher.dispatchDue();
        time.travelTo(Instant.parse("2026-06-08T05:59:00Z")); // Monday 07:59
        dispatcher.dispatchDue();
        assertThat(provider.received()).as("nothing at night nor on Sunday").isEmpty();
        assertThat(Instant.parse(api.get("/api/outbox/" + message).json().get("nextAttemptAt").asText()))
                .isEqualTo(Instant.parse("2026-06-08T06:00:00Z"));

        time.travelTo(Instant.parse("2026-06-08T06:00:00Z")); // Monday 08:00
        dispatcher.dispatchDue();
        assertThat(api.get("/api/outbox/" + message).json().get("status").asText()).isEqualTo("SENT");
        assertThat(provider.delivered()).containsExactly("rekindle-sms-" + message);
    }

    @Test
    void aRequestTheProviderRefusesIsNotRetried() {
        long lou = smsOnlyContactInWinBack("Lou");
        long message = smsOf(lou).get("id").asLong();

        provider.answer(400, 0);
        dispatcher.dispatchDue();
        time.advance(Duration.ofHours(2));
        dispatcher.dispatchDue();

        assertThat(api.get("/api/outbox/" + message).json().get("status").asText()).isEqualTo("FAILED");
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    void anSmsUnsubscribeBeforeDeliveryMeansNoRequest() {
        long noa = smsOnlyContactInWinBack("Noa");
        long message = smsOf(noa).get("id").asLong();

        api.post("/api/events", "{\"contactId\":" + noa + ",\"type\":\"UNSUBSCRIBED\",\"channel\":\"SMS\"}");
        dispatcher.dispatchDue();

        JsonNode skipped = api.get("/api/outbox/" + message).json();
        assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.get("skipReason").asText()).isEqualTo("UNSUBSCRIBED");
        assertThat(provider.received()).isEmpty();
    }

    @Test
    void anInboundStopReplyUnsubscribesEveryContactOfThatNumberFromSms() {
        String phone = "+336" + (10_000_000 + new java.util.Random().nextInt(89_999_999));
        long lou = smsOnlyContactInWinBack("Lou", phone);
        long sibling = smsOnlyContactInWinBack("Eli", phone);
        long other = smsOnlyContactInWinBack("Max");
        long message = smsOf(lou).get("id").asLong();
        long siblingMessage = smsOf(sibling).get("id").asLong();
        long otherMessage = smsOf(other).get("id").asLong();

        // anything but a STOP is refused and leaves no trace
        Api.Response chat = api.post("/api/events",
                "{\"type\":\"SMS_REPLY\",\"phone\":\"" + phone + "\",\"text\":\"Merci, à bientôt\"}");
        assertThat(chat.status()).isEqualTo(400);
        assertThat(chat.body()).contains("only a STOP reply");
        assertThat(api.post("/api/events", "{\"type\":\"SMS_REPLY\",\"phone\":\"+33700000001\",\"text\":\"STOP\"}")
                .status()).isEqualTo(404);
        assertThat(api.get("/api/contacts/" + lou).json().get("smsUnsubscribedAt").isNull()).isTrue();

        Api.Response stop = api.post("/api/events",
                "{\"type\":\"SMS_REPLY\",\"phone\":\"" + phone + "\",\"text\":\" Arrêt \"}");
        assertThat(stop.status()).as(stop.body()).isEqualTo(202);
        assertThat(stop.json().get("type").asText()).isEqualTo("UNSUBSCRIBED");
        assertThat(stop.json().get("correlatedJourneys").asInt()).as("both win-backs end").isEqualTo(2);
        assertThat(api.get("/api/contacts/" + lou).json().get("smsUnsubscribedAt").isNull()).isFalse();
        assertThat(api.get("/api/contacts/" + sibling).json().get("smsUnsubscribedAt").isNull()).isFalse();
        assertThat(api.get("/api/contacts/" + lou).json().get("emailUnsubscribedAt").isNull()).as("SMS only")
                .isTrue();

        dispatcher.dispatchDue();
        assertThat(api.get("/api/outbox/" + message).json().get("skipReason").asText()).isEqualTo("UNSUBSCRIBED");
        assertThat(api.get("/api/outbox/" + siblingMessage).json().get("skipReason").asText())
                .isEqualTo("UNSUBSCRIBED");
        // the provider saw only the SMS of the contact with another number
        assertThat(provider.received()).extracting(Sms::idempotencyKey).contains("rekindle-sms-" + otherMessage)
                .doesNotContain("rekindle-sms-" + message, "rekindle-sms-" + siblingMessage);
        assertThat(api.get("/api/contacts/" + other).json().get("smsUnsubscribedAt").isNull()).isTrue();
    }

    /** A contact reachable by SMS only, found INACTIVE: the win-back writes its SMS. */
    private long smsOnlyContactInWinBack(String firstName) {
        return smsOnlyContactInWinBack(firstName, "+33612345678");
    }

    private long smsOnlyContactInWinBack(String firstName, String phone) {
        String externalId = "sms-" + UUID.randomUUID();
        long id = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"phone\":\"" + phone + "\",\"firstName\":\"" + firstName + "\",\"locale\":\"fr\","
                + "\"emailConsent\":false,\"smsConsent\":true}").json().get("id").asLong();
        var runtime = engine.getRuntimeService();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(id))
                .setVariable("contactId", id).setVariable("segment", "INACTIVE").correlateAllWithResult();
        time.runDueJobs();
        return id;
    }

    private JsonNode smsOf(long contactId) {
        JsonNode messages = api.get("/api/outbox?contactId=" + contactId).json();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("channel").asText()).isEqualTo("SMS");
        return messages.get(0);
    }
}
