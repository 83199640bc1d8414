package io.rekindle.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inputs a stranger can craft that used to be taken at a wrong value: each is refused with a problem (4xx) and
 * writes nothing.
 */
@RekindleIntegrationTest
class EventInputTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api;
    String externalId;
    long contactId;

    @BeforeEach
    void signUp() {
        api = new Api(port);
        externalId = "input-" + UUID.randomUUID();
        Api.Response created = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\""
                + externalId + "@example.com\",\"firstName\":\"Ines\",\"locale\":\"fr\",\"emailConsent\":true,\"smsConsent\":false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        contactId = created.json().get("id").asLong();
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotTakenAtItsLastValue() {
        Api.Response answer = api.post("/api/events", "{\"externalId\":\"" + externalId
                + "\",\"type\":\"VISIT\",\"type\":\"PURCHASE\",\"amount\":10}");

        assertProblem(answer, 400);
        assertThat(answer.body()).contains("type");
        assertThat(events()).isZero();
    }

    @Test
    void aTypeWithAControlCharacterIsNotThatType() {
        Api.Response answer = api.post("/api/events", "{\"externalId\":\"" + externalId + "\",\"type\":\"VISIT\\u0000\"}");

        assertProblem(answer, 400);
        assertThat(events()).isZero();
    }

    @Test
    void aDateOutsideAnyCustomersLifeIsRefused() {
        for (String occurredAt : new String[] {"\"-10000-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"", "1e1000000000",
                "-1e20", "1700000000"}) {
            Api.Response answer = api.post("/api/events", "{\"externalId\":\"" + externalId
                    + "\",\"type\":\"VISIT\",\"occurredAt\":" + occurredAt + "}");

            assertProblem(answer, 400);
            assertThat(answer.body()).as(occurredAt).contains("occurredAt");
        }
        assertThat(events()).isZero();
    }

    @Test
    void anEventIdReusedForAnotherEventIsAConflictNotADuplicate() {
        String body = "{\"externalId\":\"" + externalId + "\",\"eventId\":\"order-77\",\"type\":\"VISIT\"}";
        assertThat(api.post("/api/events", body).status()).isEqualTo(202);
        Api.Response sameAgain = api.post("/api/events", body);
        assertThat(sameAgain.status()).isEqualTo(200);
        assertThat(sameAgain.json().get("duplicate").asBoolean()).isTrue();

        Api.Response purchase = api.post("/api/events", "{\"externalId\":\"" + externalId
                + "\",\"eventId\":\"order-77\",\"type\":\"PURCHASE\",\"amount\":25}");

        assertProblem(purchase, 409);
        assertThat(purchase.body()).contains("order-77");
        assertThat(events()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT purchase_count FROM contact WHERE id = ?").param(contactId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aLoyaltyBalanceThatIsNotOneIsRefusedAndWritesNothing() {
        String loyalty = "{\"contactId\":" + contactId + ",\"type\":\"LOYALTY_POINTS\"";
        for (String body : new String[] {loyalty + "}", loyalty + ",\"points\":-5}", loyalty + ",\"points\":12.5}",
                loyalty + ",\"points\":\"many\"}", loyalty + ",\"points\":99999999999}",
                "{\"contactId\":" + contactId + ",\"type\":\"VISIT\",\"points\":10}"}) {
            Api.Response answer = api.post("/api/events", body);
            assertProblem(answer, 400);
            assertThat(answer.body()).as(body).contains("points");
        }
        assertThat(events()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM loyalty_balance WHERE contact_id = ?").param(contactId)
                .query(Integer.class).single()).isZero();

        Api.Response accepted = api.post("/api/events", loyalty + ",\"points\":0,\"eventId\":\"balance-1\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(api.post("/api/events", loyalty + ",\"points\":0,\"eventId\":\"balance-1\"}").status())
                .as("a retry stores nothing more").isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM loyalty_balance WHERE contact_id = ?").param(contactId)
                .query(Integer.class).single()).isOne();
    }

    private int events() {
        return jdbc.sql("SELECT COUNT(*) FROM contact_event WHERE contact_id = ?").param(contactId)
                .query(Integer.class).single();
    }

    private static void assertProblem(Api.Response answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }
}
