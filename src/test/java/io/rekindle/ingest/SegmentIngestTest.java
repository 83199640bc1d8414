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
 * Segment's HTTP Tracking API shapes, through the event API's own intake: the mapping (defaults and configured),
 * de-duplication by messageId, Segment's size limits, and batches answered event by event where a bad event leaves
 * nothing and does not stop the good ones.
 */
@RekindleIntegrationTest(properties = {"rekindle.ingest.events[Checkout\\ Done]=PURCHASE",
        "rekindle.ingest.events[Product\\ Viewed]=IGNORE"})
class SegmentIngestTest {

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
        externalId = "seg-" + UUID.randomUUID();
        Api.Response created = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\""
                + externalId + "@example.com\",\"firstName\":\"Ines\",\"locale\":\"fr\",\"emailConsent\":true,\"smsConsent\":false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        contactId = created.json().get("id").asLong();
    }

    @Test
    void orderCompletedIsAPurchaseWithItsRevenueAndCoupon() {
        Api.Response answer = api.post("/api/segment/v1/track", "{\"type\":\"track\",\"userId\":\"" + externalId
                + "\",\"event\":\"Order Completed\",\"messageId\":\"m-1\",\"timestamp\":\"2026-11-01T10:15:00.000Z\","
                + "\"properties\":{\"revenue\":42.5,\"total\":50,\"coupon\":\"SPRING10\"}}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.json().get("type").asText()).isEqualTo("PURCHASE");
        Map<String, Object> stored = events().get(0);
        assertThat(stored).containsEntry("type", "PURCHASE").containsEntry("source_event_id", "m-1")
                .containsEntry("offer_code", "SPRING10");
        assertThat((BigDecimal) stored.get("amount")).isEqualByComparingTo("42.50");
        assertThat(stored.get("occurred_at").toString()).contains("2026-11-01");
    }

    @Test
    void withoutRevenueTheTotalIsTheAmount_andAPurchaseWithNeitherIsRefused() {
        assertThat(track("Order Completed", "t-1", "{\"total\":\"19.99\"}").json().get("status").asText())
                .isEqualTo("ACCEPTED");
        assertThat((BigDecimal) events().get(0).get("amount")).isEqualByComparingTo("19.99");

        Api.Response none = track("Order Completed", "t-2", "{}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("amount");
        assertThat(events()).hasSize(1);
    }

    @Test
    void pageViewedAndPageCallsAreVisits_aConfiguredNameIsMapped_anOverriddenDefaultIsIgnored() {
        assertThat(track("Page Viewed", "v-1", "{}").json().get("type").asText()).isEqualTo("VISIT");
        Api.Response page = api.post("/api/segment/v1/page", "{\"userId\":\"" + externalId
                + "\",\"messageId\":\"v-2\",\"name\":\"Home\"}");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().get("type").asText()).isEqualTo("VISIT");
        assertThat(track("Checkout Done", "p-1", "{\"revenue\":10}").json().get("type").asText())
                .isEqualTo("PURCHASE");
        Api.Response overridden = track("Product Viewed", "v-3", "{}");
        assertThat(overridden.json().get("status").asText()).isEqualTo("IGNORED");

        assertThat(events()).extracting(e -> e.get("type")).containsExactly("VISIT", "VISIT", "PURCHASE");
    }

    @Test
    void loyaltyPointsUpdatedReportsTheBalance_aFractionOrNoneIsRefusedAndLeavesNothing() {
        Api.Response answer = track("Loyalty Points Updated", "l-1", "{\"points\":1250}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("type").asText()).isEqualTo("LOYALTY_POINTS");
        assertThat(balances()).containsExactly(1250);
        assertThat(track("Loyalty Points Updated", "l-2", "{\"balance\":\"1300\"}").json().get("status").asText())
                .as("the balance field, as a string").isEqualTo("ACCEPTED");
        assertThat(balances()).containsExactly(1250, 1300);

        Api.Response fraction = track("Loyalty Points Updated", "l-3", "{\"points\":12.5}");
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.body()).contains("points");
        Api.Response none = track("Loyalty Points Updated", "l-4", "{}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("points");
        assertThat(balances()).containsExactly(1250, 1300);
        assertThat(events()).hasSize(2);
    }

    private List<Integer> balances() {
        return jdbc.sql("SELECT points FROM loyalty_balance WHERE contact_id = ? ORDER BY id").param(contactId)
                .query(Integer.class).list();
    }

    @Test
    void anUnmappedEventIsTakenAndIgnoredNotAnError() {
        Api.Response answer = track("Cart Viewed", "c-1", "{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("IGNORED");
        assertThat(answer.json().get("reason").asText()).contains("Cart Viewed");
        assertThat(events()).isEmpty();
    }

    @Test
    void aRepeatedMessageIdIsADuplicateAndStoresNothingNew() {
        Api.Response first = track("Order Completed", "dup-1", "{\"revenue\":10}");
        Api.Response again = track("Order Completed", "dup-1", "{\"revenue\":10}");

        assertThat(first.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(again.json().get("eventId").asLong()).isEqualTo(first.json().get("eventId").asLong());
        assertThat(events()).hasSize(1);
    }

    @Test
    void anAnonymousOnlyEvent_anUnknownUser_andMalformedJsonAreProblems() {
        Api.Response anonymous = api.post("/api/segment/v1/track",
                "{\"anonymousId\":\"a-1\",\"event\":\"Page Viewed\"}");
        assertThat(anonymous.status()).isEqualTo(400);
        assertThat(anonymous.body()).contains("userId").contains("anonymousId");

        Api.Response stranger = api.post("/api/segment/v1/track",
                "{\"userId\":\"nobody-" + UUID.randomUUID() + "\",\"event\":\"Page Viewed\"}");
        assertThat(stranger.status()).isEqualTo(404);

        Api.Response malformed = api.post("/api/segment/v1/batch", "{\"batch\":[{\"type\":\"track\",");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("Malformed");
        assertThat(api.post("/api/segment/v1/track", "{\"userId\":\"x\",\"userId\":\"y\"}").status()).isEqualTo(400);
        assertThat(events()).isEmpty();
    }

    @Test
    void aMixedBatchIsAnsweredEventByEvent_theBadOnesLeaveNothing() {
        String batch = "{\"batch\":["
                + message("track", "Order Completed", "b-1", "{\"revenue\":30}") + ","
                + message("track", "Order Completed", "b-2", "{\"revenue\":\"not a number\"}") + ","
                + "{\"type\":\"track\",\"anonymousId\":\"anon\",\"event\":\"Page Viewed\",\"messageId\":\"b-3\"},"
                + message("track", "Wishlist Viewed", "b-4", "{}") + ","
                + message("page", null, "b-5", "{}") + ","
                + message("track", "Order Completed", "b-1", "{\"revenue\":30}") + ","
                + "{\"type\":\"track\",\"userId\":\"nobody-" + UUID.randomUUID() + "\",\"event\":\"Page Viewed\"},"
                + "{\"type\":\"rocket\"}]}";

        Api.Response answer = api.post("/api/segment/v1/batch", batch);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(results).hasSize(8);
        assertThat(statuses(results)).containsExactly("ACCEPTED", "REJECTED", "REJECTED", "IGNORED",
                "ACCEPTED", "DUPLICATE", "REJECTED", "REJECTED");
        assertThat(results.get(1).get("id").asText()).isEqualTo("b-2");
        assertThat(results.get(1).get("problem").get("status").asInt()).isEqualTo(400);
        assertThat(results.get(1).get("problem").get("detail").asText()).contains("properties.revenue");
        assertThat(results.get(2).get("problem").get("detail").asText()).contains("userId");
        assertThat(results.get(6).get("problem").get("status").asInt()).isEqualTo(404);
        assertThat(results.get(7).get("problem").get("detail").asText()).contains("rocket");
        assertThat(answer.json().get("success").asBoolean()).isFalse();
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.json().get("rejected").asInt()).isEqualTo(4);
        assertThat(events()).extracting(e -> e.get("source_event_id")).containsExactly("b-1", "b-5");
    }

    @Test
    void segmentsLimits_32KBPerEvent_500KBPerBatch_areAnswered400AsSegmentDoes() {
        String padding = "x".repeat(33 * 1024);
        Api.Response bigTrack = track("Page Viewed", "big-1", "{\"blob\":\"" + padding + "\"}");
        assertThat(bigTrack.status()).isEqualTo(400);
        assertThat(bigTrack.body()).contains("32768");

        String big = message("track", "Page Viewed", "big-2", "{\"blob\":\"" + padding + "\"}");
        String small = message("track", "Page Viewed", "small-1", "{}");
        Api.Response batch = api.post("/api/segment/v1/batch", "{\"batch\":[" + big + "," + small + "]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat(statuses(batch.json().get("results"))).containsExactly("REJECTED", "ACCEPTED");

        String thirty = String.join(",", java.util.Collections.nCopies(17,
                message("track", "Page Viewed", null, "{\"blob\":\"" + "y".repeat(31 * 1024) + "\"}")));
        Api.Response tooBig = api.post("/api/segment/v1/batch", "{\"batch\":[" + thirty + "]}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.body()).contains("512000");

        assertThat(events()).extracting(e -> e.get("source_event_id")).containsExactly("small-1");
    }

    @Test
    void identifyTraitsChangeTheContactsFieldsWithSourceSegment() {
        Api.Response answer = api.post("/api/segment/v1/identify", "{\"userId\":\"" + externalId
                + "\",\"messageId\":\"i-1\",\"traits\":{\"email\":\"new-" + externalId + "@example.com\","
                + "\"first_name\":\"Inès\",\"language\":\"en-GB\",\"phone\":\"+33612345678\","
                + "\"sms_consent\":true,\"plan\":\"gold\"}}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.json().get("reason").asText()).contains("email", "firstName", "locale", "phone",
                "smsConsent");
        Map<String, Object> contact = lowerKeys(jdbc.sql("SELECT email, first_name, locale, phone, sms_consent"
                + " FROM contact WHERE id = ?").param(contactId).query().singleRow());
        assertThat(contact).containsEntry("email", "new-" + externalId + "@example.com")
                .containsEntry("first_name", "Inès").containsEntry("locale", "en")
                .containsEntry("phone", "+33612345678").containsEntry("sms_consent", true);
        assertThat(jdbc.sql("SELECT DISTINCT source FROM contact_change WHERE contact_id = ?").param(contactId)
                .query(String.class).list()).containsExactly("segment");

        Api.Response same = api.post("/api/segment/v1/identify", "{\"userId\":\"" + externalId
                + "\",\"traits\":{\"first_name\":\"Inès\"}}");
        assertThat(same.json().get("reason").asText()).isEqualTo("Nothing changed");

        Api.Response bad = api.post("/api/segment/v1/batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\""
                + externalId + "\",\"traits\":{\"email\":\"not an address\",\"first_name\":\"Zoé\"}},"
                + "{\"type\":\"identify\",\"userId\":\"" + externalId + "\",\"traits\":{\"locale\":\"fr\"}}]}");
        assertThat(statuses(bad.json().get("results"))).containsExactly("REJECTED", "ACCEPTED");
        assertThat(bad.json().get("results").get(0).get("problem").get("detail").asText()).contains("email");
        assertThat(jdbc.sql("SELECT first_name FROM contact WHERE id = ?").param(contactId).query(String.class)
                .single()).as("all or nothing: the valid first name of the rejected identify is not kept")
                .isEqualTo("Inès");
    }

    private Api.Response track(String event, String messageId, String properties) {
        return api.post("/api/segment/v1/track", message("track", event, messageId, properties));
    }

    private String message(String type, String event, String messageId, String properties) {
        return "{\"type\":\"" + type + "\",\"userId\":\"" + externalId + "\""
                + (event == null ? "" : ",\"event\":\"" + event + "\"")
                + (messageId == null ? "" : ",\"messageId\":\"" + messageId + "\"")
                + ",\"properties\":" + properties + "}";
    }

    private List<Map<String, Object>> events() {
        return jdbc.sql("SELECT type, source_event_id, amount, offer_code, occurred_at FROM contact_event"
                + " WHERE contact_id = ? ORDER BY id").param(contactId).query().listOfRows().stream()
                .map(SegmentIngestTest::lowerKeys).toList();
    }

    static List<String> statuses(JsonNode results) {
        List<String> statuses = new java.util.ArrayList<>();
        results.forEach(r -> statuses.add(r.get("status").asText()));
        return statuses;
    }

    static Map<String, Object> lowerKeys(Map<String, Object> row) {
        var lower = new java.util.LinkedHashMap<String, Object>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }
}
