package io.rekindle.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rights of a person in the base, over HTTP: the export of everything held on them (GET
 * /api/contacts/{id}/export) and erasure on request (DELETE /api/contacts/{id}), proved by the same whole-database
 * scan as the retention run's erasure ({@link DatabaseScan}: every text column of our tables and the engine's). H2
 * and PostgreSQL.
 */
@RekindleIntegrationTest
class ContactRightsTest extends OverHttp {

    private static final Instant J = Instant.parse("2026-06-01T07:30:00Z");
    private static final int LOYALTY_POINTS = 1337;

    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    DataSource dataSource;

    @Override
    protected Instant start() {
        return J;
    }

    @Test
    void theExportHoldsEverythingOnThePerson_theirsOnly() {
        Person greta = signUp();
        Person other = signUp();
        Lived lived = live(greta);
        live(other);

        Api.Response response = api.get("/api/contacts/" + greta.id + "/export");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode export = response.json();
        assertThat(export.get("contactId").asLong()).isEqualTo(greta.id);
        JsonNode contact = export.get("contact");
        assertThat(contact.get("email").asText()).isEqualTo(greta.email);
        assertThat(contact.get("firstName").asText()).isEqualTo(greta.firstName + "e");
        assertThat(contact.get("emailConsent").asBoolean()).isTrue();
        assertThat(contact.get("emailConsentSource").asText()).isEqualTo("sign-up");
        assertThat(contact.get("smsConsent").asBoolean()).isFalse();
        assertThat(contact.get("smsConsentSource").asText()).isEqualTo("api");
        assertThat(export.get("history").findValuesAsText("field")).containsExactlyInAnyOrder("firstName",
                "smsConsent");
        assertThat(export.get("history").findValuesAsText("old_value")).contains(greta.firstName);
        assertThat(export.get("history").findValuesAsText("source")).containsOnly("api");
        assertThat(export.get("events").findValuesAsText("type")).containsExactly("EMAIL_OPENED", "PURCHASE",
                "LOYALTY_POINTS");
        assertThat(export.get("events").findValuesAsText("source_event_id")).contains(greta.orderId);
        assertThat(export.get("events").get(1).get("amount").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(export.get("loyaltyBalances").findValuesAsText("points")).as("the balance reported, with its time")
                .containsExactly(String.valueOf(LOYALTY_POINTS));
        assertThat(export.get("loyaltyBalances").get(0).get("reported_at").isNull()).isFalse();
        assertThat(export.get("messages").findValuesAsText("template")).as("the welcome and relaunch 1")
                .contains("welcome", "relaunch-1");
        JsonNode message = null;
        for (JsonNode m : export.get("messages")) {
            message = "relaunch-1".equals(m.get("template").asText()) ? m : message;
        }
        assertThat(message).isNotNull();
        assertThat(message.get("channel").asText()).isEqualTo("EMAIL");
        assertThat(message.get("status").asText()).isEqualTo("SENT");
        assertThat(message.get("subject").asText()).contains(greta.firstName);
        assertThat(message.get("recipient").asText()).isEqualTo(greta.email);
        assertThat(Instant.parse(message.get("sent_at").asText())).isAfter(J);
        assertThat(export.get("offers").findValuesAsText("code")).containsExactly(lived.offerCode);
        assertThat(export.get("surveyAnswers").findValuesAsText("free_text"))
                .containsExactly("Write to me at " + greta.email);
        assertThat(export.get("segments").isArray()).isTrue();
        JsonNode journeys = export.get("journeys");
        assertThat(journeys.findValuesAsText("journey")).containsExactly("new-signup-relaunch",
                "new-signup-relaunch");
        assertThat(journeys.get(1).get("running").asBoolean()).as("the one started last runs").isTrue();
        assertThat(response.body()).doesNotContain(other.email).doesNotContain(other.firstName)
                .doesNotContain(other.orderId);

        assertThat(api.get("/api/contacts/999999/export").status()).isEqualTo(404);
    }

    @Test
    void theExportIsAnAttachment() throws Exception {
        Person ida = signUp();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/contacts/" + ida.id + "/export"))
                .header("Authorization", Api.basic(Api.USER, Api.PASSWORD)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"contact-" + ida.id + ".json\"");
    }

    @Test
    void aDeleteErasesThePersonEverywhereAtOnce_othersAndTheFiguresStay() {
        Person hana = signUp();
        Person other = signUp();
        Lived lived = live(hana);
        live(other);
        List<String> hanaMarkers = List.of(hana.email, hana.firstName, hana.phone, hana.externalId, hana.orderId,
                lived.offerCode);
        List<String> otherMarkers = List.of(other.email, other.firstName, other.phone, other.externalId,
                other.orderId);
        assertThat(DatabaseScan.find(dataSource, hanaMarkers)).as("the scan sees her data before")
                .containsOnlyKeys(hanaMarkers);
        assertThat(DatabaseScan.find(dataSource, List.of(hana.firstName)).get(hana.firstName))
                .as("her former first name, in her history")
                .anyMatch(place -> place.equalsIgnoreCase("contact_change.old_value"));
        long purchases = count("contact_event WHERE type = 'PURCHASE'");
        long messages = count("outbox_message");

        Api.Response erased = api.send("DELETE", "/api/contacts/" + hana.id, null, null,
                Api.basic(Api.USER, Api.PASSWORD));

        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        assertThat(DatabaseScan.find(dataSource, hanaMarkers)).as("nothing of hers, anywhere").isEmpty();
        assertThat(DatabaseScan.find(dataSource, otherMarkers)).containsOnlyKeys(otherMarkers);
        assertThat(count("contact_change WHERE contact_id = " + hana.id)).isZero();
        assertThat(count("contact_change WHERE contact_id = " + other.id)).isEqualTo(2);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(hana.key()).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(hana.key()).count())
                .isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(other.key()).count())
                .isEqualTo(2);
        assertThat(count("contact_event WHERE type = 'PURCHASE'")).as("figures stay").isEqualTo(purchases);
        assertThat(count("outbox_message")).isEqualTo(messages);
        assertThat(jdbc.sql("SELECT reason FROM erasure_log WHERE contact_id = ?").param(hana.id)
                .query(String.class).list()).containsExactly("REQUEST");
        JsonNode log = api.get("/api/gdpr/erasures").json().get(0);
        assertThat(log.get("contactId").asLong()).isEqualTo(hana.id);
        assertThat(log.get("summary").asText()).contains("contact_change:2").contains("journeys:2");

        assertThat(api.get("/api/contacts/" + hana.id).status()).isEqualTo(404);
        assertThat(api.get("/api/contacts?externalId=" + hana.externalId).status()).isEqualTo(404);
        assertThat(api.get("/api/contacts/" + hana.id + "/export").status()).isEqualTo(404);
        assertThat(api.get("/api/contacts/" + hana.id + "/history").status()).isEqualTo(404);
        assertThat(api.send("PATCH", "/api/contacts/" + hana.id, "{\"firstName\":\"Back\"}", "application/json",
                Api.basic(Api.USER, Api.PASSWORD)).status()).isEqualTo(404);
        Api.Response again = api.send("DELETE", "/api/contacts/" + hana.id, null, null,
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(api.send("DELETE", "/api/contacts/999999", null, null, Api.basic(Api.USER, Api.PASSWORD))
                .status()).isEqualTo(404);
        assertThat(count("erasure_log WHERE contact_id = " + hana.id)).isEqualTo(1);
    }

    private record Person(long id, String externalId, String email, String firstName, String phone, String orderId) {
        String key() {
            return String.valueOf(id);
        }
    }

    private record Lived(String offerCode) {
    }

    /**
     * A month of a person's life with us: relaunch 1 delivered and opened, a purchase with its offer code and the
     * shop's order number (the relaunch ends), their name corrected and the SMS consent withdrawn over the API, a
     * survey answer naming them, and a journey running with their data in its variables.
     */
    private Lived live(Person person) {
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        dispatcher.dispatchDue();
        JsonNode mail = api.get("/api/outbox?contactId=" + person.id).json().get(0); // newest: relaunch 1
        String code = mail.get("offerCode").asText();
        post("{\"contactId\":" + person.id + ",\"type\":\"EMAIL_OPENED\",\"messageId\":" + mail.get("id").asLong()
                + "}");
        post("{\"contactId\":" + person.id + ",\"type\":\"PURCHASE\",\"amount\":25.00,\"offerCode\":\"" + code
                + "\",\"eventId\":\"" + person.orderId + "\"}");
        post("{\"contactId\":" + person.id + ",\"type\":\"LOYALTY_POINTS\",\"points\":" + LOYALTY_POINTS + "}");
        Api.Response changed = api.send("PATCH", "/api/contacts/" + person.id, "{\"firstName\":\"" + person.firstName
                + "e\",\"smsConsent\":false}", "application/merge-patch+json", Api.basic(Api.USER, Api.PASSWORD));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        jdbc.sql("""
                INSERT INTO survey_answer (contact_id, survey_process_instance_id, why_no_purchase, ordering_problem,
                                           satisfied_with_last_purchase, free_text, answered_at)
                VALUES (?, ?, 'OTHER', 'NO', 'NEVER_BOUGHT', ?, ?)""")
                .params(person.id, "survey-" + person.id, "Write to me at " + person.email,
                        OffsetDateTime.parse("2026-07-01T10:00:00Z"))
                .update();
        String running = runtime.startProcessInstanceByKey("new-signup-relaunch", person.key(),
                Map.of("contactId", person.id, "note", "Call " + person.firstName)).getId();
        runtime.setVariable(running, "card", Variables.byteArrayValue(
                ("email=" + person.email + ";phone=" + person.phone).getBytes(StandardCharsets.UTF_8)));
        return new Lived(code);
    }

    private void post(String event) {
        Api.Response response = api.post("/api/events", event);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private Person signUp() {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String externalId = "ext-" + tag;
        String email = "mail." + tag + "@marker.example";
        String firstName = Markers.firstName(tag);
        String phone = "+336" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Api.Response response = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s","phone":"%s","firstName":"%s","locale":"fr",
                 "emailConsent":true,"smsConsent":true}""".formatted(externalId, email, phone, firstName));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs(); // the welcome leaves at sign-up
        return new Person(response.json().get("id").asLong(), externalId, email, firstName, phone, "order-" + tag);
    }

    private long count(String tableAndWhere) {
        return jdbc.sql("SELECT COUNT(*) FROM " + tableAndWhere).query(Long.class).single();
    }
}
