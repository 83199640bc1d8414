package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * Keeping contacts current and the rights of the people in the base, as shipped: the jar on its own, driven over
 * HTTP only (our API, the engine REST API for the timers as an operator would), emails counted at the SMTP server.
 */
@BothDatabases
class ContactRightsIT extends OutsideInTest {

    @Test
    void aChangedAddressGetsTheNextEmail_theHistoryShowsTheChangeAndItsSource() {
        long rita = signUp("oi-rita", "rita@example.com", "Rita", "en");
        String journey = operator.instanceOf("new-signup-relaunch", rita);

        JsonNode changed = api.mergePatch("/api/contacts/" + rita, "{\"email\":\"rita.new@example.com\"}")
                .expect(200).json();

        assertThat(changed.get("email").asText()).isEqualTo("rita.new@example.com");
        JsonNode history = api.get("/api/contacts/" + rita + "/history").expect(200).json();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("field").asText()).isEqualTo("email");
        assertThat(history.get(0).get("oldValue").asText()).isEqualTo("rita@example.com");
        assertThat(history.get(0).get("newValue").asText()).isEqualTo("rita.new@example.com");
        assertThat(history.get(0).get("source").asText()).isEqualTo("api");
        operator.fireTimer(journey, "Timer_J30");
        awaitEmails("rita.new@example.com", 1);
        quietPeriod();
        assertThat(mailbox.to("rita@example.com")).isEmpty();
    }

    @Test
    void withdrawingTheEmailConsentEndsTheJourney_theNextEmailNeverReachesTheServer_smsOnlyLeavesEmailGoing() {
        long wanda = signUp("oi-wanda", "wanda@example.com", "+33611111111", "Wanda", "fr", true, true, null);
        long sam = signUp("oi-sam", "sam@example.com", "+33622222222", "Sam", "en", true, true, null);
        String wandaJourney = operator.instanceOf("new-signup-relaunch", wanda);
        String wandaJ30 = operator.awaitTimer(wandaJourney, "Timer_J30");
        String samJourney = operator.instanceOf("new-signup-relaunch", sam);

        JsonNode withdrawn = api.mergePatch("/api/contacts/" + wanda, "{\"emailConsent\":false}").expect(200).json();
        api.mergePatch("/api/contacts/" + sam, "{\"smsConsent\":false}").expect(200);

        assertThat(withdrawn.get("emailConsent").asBoolean()).isFalse();
        assertThat(withdrawn.get("emailConsentSource").asText()).isEqualTo("api");
        assertThat(operator.state(wandaJourney)).isEqualTo("COMPLETED");
        assertThat(operator.passed(wandaJourney)).contains("EndEvent_Unsubscribed").doesNotContain("Task_SendRelaunch1");
        // the J+30 timer an operator saw before is gone with the journey
        assertThat(api.postJson("/engine-rest/job/" + wandaJ30 + "/execute", "").status()).isEqualTo(404);
        assertThat(operator.state(samJourney)).isEqualTo("ACTIVE");
        operator.fireTimer(samJourney, "Timer_J30");
        awaitEmails("sam@example.com", 1);
        quietPeriod();
        assertThat(mailbox.to("wanda@example.com")).isEmpty();
        assertThat(outbox(wanda)).isEmpty();
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();
    }

    @Test
    void theExportHoldsThePersonsEventsAndMessages_afterADeleteNothingIsFound() {
        long ella = signUp("oi-ella", "ella@example.com", "Ella", "en");
        operator.fireTimer(operator.instanceOf("new-signup-relaunch", ella), "Timer_J30");
        awaitEmails("ella@example.com", 1);
        await("relaunch 1 recorded as sent", () -> outbox(ella).get(0).get("status").asText().equals("SENT"));
        event("{\"contactId\":" + ella + ",\"type\":\"VISIT\",\"eventId\":\"visit-ella-1\"}").expect(202);

        JsonNode export = api.get("/api/contacts/" + ella + "/export").expect(200).json();

        assertThat(export.get("contact").get("email").asText()).isEqualTo("ella@example.com");
        assertThat(export.get("events").findValuesAsText("type")).containsExactly("VISIT");
        assertThat(export.get("events").findValuesAsText("source_event_id")).containsExactly("visit-ella-1");
        JsonNode message = export.get("messages").get(0);
        assertThat(message.get("channel").asText()).isEqualTo("EMAIL");
        assertThat(message.get("status").asText()).isEqualTo("SENT");
        assertThat(message.get("recipient").asText()).isEqualTo("ella@example.com");
        assertThat(export.get("offers")).hasSize(1);
        assertThat(export.get("journeys").findValuesAsText("journey")).containsExactly("new-signup-relaunch");

        assertThat(api.delete("/api/contacts/" + ella).status()).isEqualTo(204);

        api.get("/api/contacts/" + ella).expect(404);
        api.get("/api/contacts/" + ella + "/export").expect(404);
        api.get("/api/contacts?externalId=oi-ella").expect(404);
        assertThat(api.delete("/api/contacts/" + ella).status()).isEqualTo(404);
        assertThat(operator.historyOf("new-signup-relaunch", ella)).as("the engine's history of her").isEmpty();
        JsonNode erased = outbox(ella).get(0);
        assertThat(erased.get("recipient").isNull()).isTrue();
        assertThat(api.get("/api/gdpr/erasures?limit=5").expect(200).json().get(0).get("reason").asText())
                .isEqualTo("REQUEST");
    }
}
