package io.rekindle.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CloudEvents 1.0 over HTTP, through the event API's own intake: structured, batch and binary modes, the required
 * attributes, {@code type} mapped as Segment's names are (here a configured reverse-DNS type), {@code id} +
 * {@code source} as the event's identity.
 */
@RekindleIntegrationTest(properties = "rekindle.ingest.events[com.example.order.completed]=PURCHASE")
class CloudEventsIngestTest {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

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
        externalId = "ce-" + UUID.randomUUID();
        Api.Response created = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\""
                + externalId + "@example.com\",\"firstName\":\"Ines\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        contactId = created.json().get("id").asLong();
    }

    @Test
    void aStructuredEventOfAConfiguredTypeIsAPurchaseWithItsData() {
        Api.Response answer = post(STRUCTURED, event("o-1", "https://shop.example.com/orders",
                "com.example.order.completed", "\"subject\":\"" + externalId + "\",\"time\":\"2026-11-02T08:00:00Z\","
                        + "\"data\":{\"amount\":\"99.90\",\"offerCode\":\"WELCOME5\"}"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.json().get("type").asText()).isEqualTo("PURCHASE");
        Map<String, Object> stored = events().get(0);
        assertThat(stored).containsEntry("type", "PURCHASE").containsEntry("offer_code", "WELCOME5")
                .containsEntry("source_event_id", "ce:https://shop.example.com/orders#o-1");
        assertThat((BigDecimal) stored.get("amount")).isEqualByComparingTo("99.90");
        assertThat(stored.get("occurred_at").toString()).contains("2026-11-02");
    }

    @Test
    void aLoyaltyPointsUpdateReportsTheBalanceFromItsData() {
        Api.Response answer = post(STRUCTURED, event("b-1", "https://loyalty.example.com", "loyalty.points.updated",
                "\"subject\":\"" + externalId + "\",\"data\":{\"points\":480}"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("type").asText()).isEqualTo("LOYALTY_POINTS");
        assertThat(jdbc.sql("SELECT points FROM loyalty_balance WHERE contact_id = ?").param(contactId)
                .query(Integer.class).list()).containsExactly(480);
        Api.Response negative = post(STRUCTURED, event("b-2", "https://loyalty.example.com", "loyalty.points.updated",
                "\"subject\":\"" + externalId + "\",\"data\":{\"points\":-5}"));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body()).contains("points");
    }

    @Test
    void idAndSourceTogetherIdentifyAnEvent() {
        String visit = event("v-1", "/web", "page.viewed", "\"externalid\":\"" + externalId + "\"");
        assertThat(post(STRUCTURED, visit).json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(post(STRUCTURED, visit).json().get("status").asText()).isEqualTo("DUPLICATE");
        String sameIdOtherSource = event("v-1", "/app", "page.viewed", "\"subject\":\"" + externalId + "\"");
        assertThat(post(STRUCTURED, sameIdOtherSource).json().get("status").asText()).isEqualTo("ACCEPTED");

        assertThat(events()).extracting(e -> e.get("source_event_id")).containsExactly("ce:/web#v-1", "ce:/app#v-1");
    }

    @Test
    void theRequiredAttributesAreChecked_eachAProblemThatNamesIt() {
        String subject = "\"subject\":\"" + externalId + "\"";
        Map<String, String> broken = Map.of(
                "specversion", "{\"specversion\":\"0.3\",\"id\":\"x\",\"source\":\"/s\",\"type\":\"page.viewed\","
                        + subject + "}",
                "id", "{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"page.viewed\"," + subject + "}",
                "source", "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"\",\"type\":\"page.viewed\"," + subject
                        + "}",
                "type", "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\",\"type\":7," + subject + "}",
                "time", event("x", "/s", "page.viewed", subject + ",\"time\":\"yesterday\""),
                "externalid", event("x", "/s", "page.viewed", "\"data\":{}"));
        broken.forEach((attribute, body) -> {
            Api.Response answer = post(STRUCTURED, body);
            assertThat(answer.status()).as(attribute + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo(attribute);
        });
        assertThat(post(STRUCTURED, "{\"specversion\":").status()).isEqualTo(400);
        assertThat(post("text/plain", "hello").status()).isEqualTo(415);
        assertThat(events()).isEmpty();
    }

    @Test
    void aBatchIsAnsweredEventByEvent_theBadOnesLeaveNothing() {
        String subject = "\"subject\":\"" + externalId + "\"";
        String batch = "[" + event("b-1", "/shop", "com.example.order.completed", subject + ",\"data\":{\"total\":12}")
                + "," + event("b-2", "/shop", "com.example.order.completed", subject + ",\"data\":{}")
                + "," + "{\"specversion\":\"1.0\",\"id\":\"b-3\",\"type\":\"page.viewed\"," + subject + "}"
                + "," + event("b-4", "/shop", "com.example.cart.abandoned", subject)
                + "," + event("b-5", "/web", "product.viewed", subject)
                + "," + event("b-1", "/shop", "com.example.order.completed", subject + ",\"data\":{\"total\":12}")
                + "," + event("b-6", "/web", "page.viewed", "\"subject\":\"nobody-" + UUID.randomUUID() + "\"")
                + "]";

        Api.Response answer = post(BATCH, batch);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(SegmentIngestTest.statuses(results)).containsExactly("ACCEPTED", "REJECTED", "REJECTED", "IGNORED",
                "ACCEPTED", "DUPLICATE", "REJECTED");
        assertThat(results.get(1).get("id").asText()).isEqualTo("b-2");
        assertThat(results.get(1).get("problem").get("detail").asText()).contains("amount");
        assertThat(results.get(2).get("problem").get("errors").get(0).get("field").asText()).isEqualTo("source");
        assertThat(results.get(6).get("problem").get("status").asInt()).isEqualTo(404);
        assertThat(events()).extracting(e -> e.get("source_event_id")).containsExactly("ce:/shop#b-1", "ce:/web#b-5");

        assertThat(post(BATCH, "{\"not\":\"an array\"}").status()).isEqualTo(400);
        String huge = "[" + String.join(",", java.util.Collections.nCopies(17, event("h", "/s", "page.viewed",
                subject + ",\"data\":{\"blob\":\"" + "z".repeat(31 * 1024) + "\"}"))) + "]";
        assertThat(post(BATCH, huge).status()).isEqualTo(413);
    }

    @Test
    void binaryModeTakesTheAttributesFromHeadersAndTheBodyAsData() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                + "/api/cloudevents")).header("Content-Type", "application/json")
                .header("Authorization", Api.basic(Api.USER, Api.PASSWORD)).header("ce-specversion", "1.0")
                .header("ce-id", "bin-1").header("ce-source", "/pos").header("ce-type", "order.completed")
                .header("ce-subject", externalId)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"revenue\":15.5}")).build();
        var answer = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"type\":\"PURCHASE\"");
        assertThat((BigDecimal) events().get(0).get("amount")).isEqualByComparingTo("15.50");
    }

    private Api.Response post(String contentType, String body) {
        return api.post("/api/cloudevents", body, contentType, Api.basic(Api.USER, Api.PASSWORD));
    }

    private static String event(String id, String source, String type, String more) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"type\":\"" + type
                + "\"," + more + "}";
    }

    private List<Map<String, Object>> events() {
        return jdbc.sql("SELECT type, source_event_id, amount, offer_code, occurred_at FROM contact_event"
                + " WHERE contact_id = ? ORDER BY id").param(contactId).query().listOfRows().stream()
                .map(SegmentIngestTest::lowerKeys).toList();
    }
}
