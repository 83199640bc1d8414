package io.rekindle.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.TimeMachine;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the KPI tests do to seed their figures through the real paths: sign-ups over the API, the engine's due jobs
 * and the email dispatcher at a given day after {@code j}, events over the API. And how they read a journey report.
 */
final class KpiScenario {

    private final Api api;
    private final TimeMachine time;
    private final EmailDispatcher dispatcher;
    private final JdbcClient jdbc;
    private final Instant j;

    KpiScenario(Api api, TimeMachine time, EmailDispatcher dispatcher, JdbcClient jdbc, Instant j) {
        this.api = api;
        this.time = time;
        this.dispatcher = dispatcher;
        this.jdbc = jdbc;
        this.j = j;
        time.travelTo(j);
    }

    /** Day {@code day} after j: the due timers and steps run, the due messages go. */
    void at(int day) {
        time.travelTo(j.plus(Duration.ofDays(day)));
        time.runDueJobs();
        dispatcher.dispatchDue();
    }

    /** Signs up and lets the welcome leave at once, as the shipped dispatch schedule would. */
    long signUp(String firstName, boolean emailConsent) {
        String externalId = "kpi-" + UUID.randomUUID();
        long id = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"" + firstName + "\",\"locale\":\"en\",\"emailConsent\":"
                + emailConsent + ",\"smsConsent\":false}").json().get("id").asLong();
        time.runDueJobs();
        dispatcher.dispatchDue();
        return id;
    }

    void event(long contactId, String type, Long messageId, String amount) {
        Api.Response accepted = api.post("/api/events", "{\"contactId\":" + contactId + ",\"type\":\"" + type + "\""
                + (messageId == null ? "" : ",\"messageId\":" + messageId)
                + (amount == null ? "" : ",\"amount\":" + amount) + "}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    void bounce(long contactId, long messageId, String kind) {
        Api.Response accepted = api.post("/api/events", "{\"contactId\":" + contactId + ",\"type\":\"BOUNCED\","
                + "\"bounce\":\"" + kind + "\",\"messageId\":" + messageId + "}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    long message(long contactId, String template) {
        return jdbc.sql("SELECT id FROM outbox_message WHERE contact_id = ? AND template = ?")
                .params(contactId, template).query(Long.class).single();
    }

    static void assertRate(JsonNode rate, long count, long base, String of, double value) {
        assertThat(rate.get("count").asLong()).isEqualTo(count);
        assertThat(rate.get("base").asLong()).isEqualTo(base);
        assertThat(rate.get("of").asText()).isEqualTo(of);
        assertThat(rate.get("value").asDouble()).isCloseTo(value, offset(1e-9));
    }

    /** A rate of nothing: no value (the page writes "—"), never 0 or NaN. */
    static void assertNoRate(JsonNode rate, long count, String of) {
        assertThat(rate.get("count").asLong()).isEqualTo(count);
        assertThat(rate.get("base").asLong()).isZero();
        assertThat(rate.get("of").asText()).isEqualTo(of);
        assertThat(rate.get("value").isNull()).as(rate.toString()).isTrue();
    }

    static JsonNode card(JsonNode report, String journey) {
        for (JsonNode card : report.get("journeys")) {
            if (card.get("journey").asText().equals(journey)) {
                return card;
            }
        }
        throw new AssertionError("no card " + journey + " in " + report.get("journeys"));
    }
}
