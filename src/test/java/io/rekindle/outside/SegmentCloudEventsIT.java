package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * The company's event stream in the formats it already sends, to the packaged jar over HTTP: a Segment client
 * authenticating as an integration user (its write key as the user name), a CloudEvents batch. Counted at the SMTP
 * server after time travel as an operator does it from Cockpit.
 */
@BothDatabases
class SegmentCloudEventsIT extends OutsideInTest {

    private static final String WRITE_KEY = "x7Gk2SegmentWriteKeyq9";
    private static final String PASSWORD = "Segment-source-password-2026";

    @Test
    void anOrderCompletedTrackEndsTheRelaunch_aRepeatIsADuplicate_aCloudEventsBatchIsAnsweredPerEvent() {
        Client segment = integrationUser();
        long buyer = signUp("seg-buyer", "sabine@example.com", "Sabine", "fr");
        long waiting = signUp("seg-waiting", "walter@example.com", "Walter", "en");
        String buyerJourney = operator.instanceOf("new-signup-relaunch", buyer);

        String order = "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"seg-buyer\","
                + "\"messageId\":\"ajs-next-1f2e3d\",\"timestamp\":\"" + java.time.Instant.now() + "\","
                + "\"properties\":{\"order_id\":\"50314b8e\",\"revenue\":25.00,\"coupon\":null}}";
        JsonNode first = segment.postJson("/api/segment/v1/track", order).expect(200).json();
        assertThat(first.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(first.get("type").asText()).isEqualTo("PURCHASE");
        assertThat(operator.state(buyerJourney)).isEqualTo("COMPLETED");
        assertThat(operator.passed(buyerJourney)).contains("EndEvent_Activated").doesNotContain("Task_SendRelaunch1");

        JsonNode again = segment.postJson("/api/segment/v1/batch", "{\"batch\":[" + order + "]}").expect(200).json();
        assertThat(again.get("results").get(0).get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(again.get("results").get(0).get("eventId").asLong()).isEqualTo(first.get("eventId").asLong());

        String batch = "[" + cloudEvent("ce-1", "page.viewed", "\"subject\":\"seg-buyer\"") + ","
                + cloudEvent("ce-2", "com.example.cart.abandoned", "\"subject\":\"seg-buyer\"") + ","
                + "{\"specversion\":\"1.0\",\"id\":\"ce-3\",\"type\":\"page.viewed\",\"subject\":\"seg-buyer\"},"
                + cloudEvent("ce-4", "order.completed", "\"subject\":\"nobody\",\"data\":{\"amount\":9}") + "]";
        JsonNode answer = segment.post("/api/cloudevents", "application/cloudevents-batch+json",
                batch.getBytes(StandardCharsets.UTF_8)).expect(200).json();
        List<String> statuses = new ArrayList<>();
        answer.get("results").forEach(r -> statuses.add(r.get("status").asText()));
        assertThat(statuses).containsExactly("ACCEPTED", "IGNORED", "REJECTED", "REJECTED");
        assertThat(answer.get("results").get(2).get("problem").get("status").asInt()).isEqualTo(400);
        assertThat(answer.get("results").get(3).get("problem").get("status").asInt()).isEqualTo(404);

        // J+30 for everyone still waiting, as an operator executes the due timers from Cockpit
        List<String> dueTimers = operator.awaitTimersAt("new-signup-relaunch", "Timer_J30", 1);
        assertThat(dueTimers).hasSize(1);
        dueTimers.forEach(operator::execute);
        awaitEmails("walter@example.com", 1);
        quietPeriod();
        assertThat(mailbox.to("sabine@example.com")).as("the buyer gets no relaunch").isEmpty();
        assertThat(outbox(buyer)).isEmpty();
        assertThat(outbox(waiting)).hasSize(1);
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
    }

    private Client integrationUser() {
        api.postJson("/engine-rest/user/create", "{\"profile\":{\"id\":\"" + WRITE_KEY + "\",\"firstName\":\"Shop\","
                + "\"lastName\":\"Segment\",\"email\":\"segment@example.com\"},\"credentials\":{\"password\":\""
                + PASSWORD + "\"}}").expect(204);
        api.putJson("/engine-rest/group/integration/members/" + WRITE_KEY, "").expect(204);
        return new Client(app.baseUrl(), WRITE_KEY, PASSWORD);
    }

    private static String cloudEvent(String id, String type, String more) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"https://shop.example.com\",\"type\":\""
                + type + "\"," + more + "}";
    }
}
