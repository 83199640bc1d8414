package io.rekindle.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.Inbox;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeping contacts current over HTTP: PATCH /api/contacts/{id} (and by external id) as a JSON merge patch, the
 * contact's history, a new address's bounce record, and what withdrawing a consent does to the journeys — counted
 * at a real SMTP server (GreenMail) after the journeys' real timers ran. H2 and PostgreSQL.
 */
@RekindleIntegrationTest
class ContactChangesTest {

    private static final Instant J = Instant.parse("2026-06-01T07:30:00Z");
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    ContactService contacts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GreenMail smtp;

    Api api;
    TimeMachine time;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        time = new TimeMachine(management);
        time.travelTo(J);
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void aPatchChangesOnlyWhatItNames_eachChangedFieldIsInTheHistoryWithItsSource() {
        JsonNode anna = signUp("Anna");
        long id = anna.get("id").asLong();
        time.advance(Duration.ofHours(2));

        Api.Response changed = patch("/api/contacts/" + id, """
                {"firstName":"Annabelle","locale":"en","phone":"+33700000001","smsConsent":false}""", MERGE_PATCH);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode contact = changed.json();
        assertThat(contact.get("firstName").asText()).isEqualTo("Annabelle");
        assertThat(contact.get("locale").asText()).isEqualTo("en");
        assertThat(contact.get("phone").asText()).isEqualTo("+33700000001");
        assertThat(contact.get("email").asText()).isEqualTo(anna.get("email").asText());
        assertThat(contact.get("emailConsent").asBoolean()).isTrue();
        assertThat(contact.get("smsConsent").asBoolean()).isFalse();
        assertThat(Instant.parse(contact.get("smsConsentAt").asText())).isEqualTo(J.plus(Duration.ofHours(2)));
        assertThat(contact.get("smsConsentSource").asText()).isEqualTo("api");
        assertThat(Instant.parse(contact.get("emailConsentAt").asText())).as("given at sign-up").isEqualTo(J);
        assertThat(contact.get("emailConsentSource").asText()).isEqualTo("sign-up");
        assertThat(asStored("/api/contacts/" + id)).isEqualTo(contact);

        JsonNode entries = api.get("/api/contacts/" + id + "/history").json();
        assertThat(entries).hasSize(4);
        assertThat(entries.findValuesAsText("field")).containsExactlyInAnyOrder("firstName", "locale", "phone",
                "smsConsent");
        assertThat(entries.findValuesAsText("source")).containsOnly("api");
        JsonNode name = entry(entries, "firstName");
        assertThat(name.get("oldValue").asText()).isEqualTo("Anna");
        assertThat(name.get("newValue").asText()).isEqualTo("Annabelle");
        assertThat(Instant.parse(name.get("changedAt").asText())).isEqualTo(J.plus(Duration.ofHours(2)));
        assertThat(entry(entries, "smsConsent").get("newValue").asText()).isEqualTo("false");

        // the same values again, as plain JSON: nothing changes, nothing is written
        Api.Response again = patch("/api/contacts/" + id, """
                {"firstName":"Annabelle","locale":"en","smsConsent":false}""", "application/json");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(api.get("/api/contacts/" + id + "/history").json()).hasSize(4);

        // by the company's id; a null phone removes the number
        Api.Response byExternalId = patch("/api/contacts?externalId=" + anna.get("externalId").asText(),
                "{\"phone\":null}", MERGE_PATCH);
        assertThat(byExternalId.status()).as(byExternalId.body()).isEqualTo(200);
        assertThat(byExternalId.json().get("phone").isNull()).isTrue();
        JsonNode removed = entry(api.get("/api/contacts/" + id + "/history").json(), "phone", 1);
        assertThat(removed.get("oldValue").asText()).isEqualTo("+33700000001");
        assertThat(removed.get("newValue").isNull()).isTrue();
    }

    @Test
    void aNewAddressStartsWithACleanBounceRecordAndIsStoredInAscii() {
        long id = signUp("Boris").get("id").asLong();
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"BOUNCED\",\"bounce\":\"SOFT\"}")
                    .status()).isEqualTo(202);
        }
        assertThat(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"BOUNCED\",\"bounce\":\"HARD\"}")
                .status()).isEqualTo(202);
        assertThat(api.get("/api/contacts/" + id).json().get("emailStatus").asText()).isEqualTo("HARD_BOUNCE");

        Api.Response changed = patch("/api/contacts/" + id, "{\"email\":\"boris@café.example\"}", MERGE_PATCH);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("email").asText()).isEqualTo("boris@xn--caf-dma.example");
        assertThat(changed.json().get("emailStatus").asText()).isEqualTo("VALID");
        assertThat(jdbc.sql("SELECT soft_bounces FROM contact WHERE id = ?").param(id).query(Integer.class).single())
                .isZero();
        JsonNode entries = api.get("/api/contacts/" + id + "/history").json();
        assertThat(entry(entries, "email").get("newValue").asText()).isEqualTo("boris@xn--caf-dma.example");
        assertThat(entry(entries, "emailStatus").get("oldValue").asText()).isEqualTo("HARD_BOUNCE");
        assertThat(entry(entries, "emailStatus").get("newValue").asText()).isEqualTo("VALID");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndNothingIsHalfWritten() {
        JsonNode cleo = signUp("Cleo");
        long id = cleo.get("id").asLong();
        String path = "/api/contacts/" + id;

        assertField(patch(path, "{\"firstName\":\"Cléo\",\"email\":\"not-an-address\"}", MERGE_PATCH), "email");
        assertField(patch(path, "{\"firstName\":\"Cléo\",\"phone\":\"0612345678\"}", MERGE_PATCH), "phone");
        assertField(patch(path, "{\"locale\":\"de\"}", MERGE_PATCH), "locale");
        assertField(patch(path, "{\"firstName\":\"" + "x".repeat(101) + "\"}", MERGE_PATCH), "firstName");
        assertField(patch(path, "{\"firstName\":\"Cléo\",\"nickname\":\"Clo\"}", MERGE_PATCH), "nickname");
        assertField(patch(path, "{\"externalId\":\"other\"}", MERGE_PATCH), "externalId");
        assertField(patch(path, "{\"email\":null}", MERGE_PATCH), "email");
        assertField(patch(path, "{\"emailConsent\":\"no\"}", MERGE_PATCH), "emailConsent");
        assertField(patch(path, "{\"emailConsent\":null}", MERGE_PATCH), "emailConsent");
        assertField(patch(path, "{\"firstName\":42}", MERGE_PATCH), "firstName");
        assertField(patch(path, "[{\"op\":\"replace\"}]", MERGE_PATCH), "body");
        assertField(patch(path, "{\"email\":\"cleo@exаmple.com\"}", MERGE_PATCH), "email"); // Cyrillic а
        Api.Response duplicateKey = patch(path, "{\"firstName\":\"A\",\"firstName\":\"B\"}", MERGE_PATCH);
        assertThat(duplicateKey.status()).isEqualTo(400);
        assertThat(patch(path, "firstName=Cleo", "text/plain").status()).isEqualTo(415);

        assertThat(asStored(path)).as("nothing written").isEqualTo(cleo);
        assertThat(api.get(path + "/history").json()).isEmpty();

        Api.Response unknown = patch("/api/contacts/999999", "{\"firstName\":\"X\"}", MERGE_PATCH);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(patch("/api/contacts?externalId=nobody", "{\"firstName\":\"X\"}", MERGE_PATCH).status())
                .isEqualTo(404);
        assertThat(api.get("/api/contacts/999999/history").status()).isEqualTo(404);
    }

    @Test
    void withdrawingTheEmailConsentEndsTheJourneyAtOnce_andItsEmailsNeverReachTheServer() throws Exception {
        JsonNode dora = signUp("Dora");
        long id = dora.get("id").asLong();
        time.runDueJobs();
        dispatcher.dispatchDue(); // the welcome, at sign-up
        travel(20);
        assertThat(running(id)).as("the relaunch waits for J+30").isEqualTo(1);

        Api.Response withdrawn = patch("/api/contacts/" + id, "{\"emailConsent\":false}", MERGE_PATCH);

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(running(id)).as("ended at once").isZero();
        assertThat(passed(id, "EndEvent_Unsubscribed")).isEqualTo(1);
        JsonNode contact = withdrawn.json();
        assertThat(contact.get("emailConsent").asBoolean()).isFalse();
        assertThat(contact.get("emailConsentSource").asText()).isEqualTo("api");
        assertThat(Instant.parse(contact.get("emailConsentAt").asText())).isEqualTo(J.plus(Duration.ofDays(20)));
        assertThat(Instant.parse(contact.get("emailUnsubscribedAt").asText())).isEqualTo(J.plus(Duration.ofDays(20)));
        assertThat(jdbc.sql("SELECT channel FROM contact_event WHERE contact_id = ? AND type = 'UNSUBSCRIBED'")
                .param(id).query(String.class).list()).containsExactly("EMAIL");
        assertThat(jdbc.sql("SELECT status FROM event_inbox i JOIN contact_event e ON e.id = i.event_id"
                + " WHERE e.contact_id = ?").param(id).query(String.class).list()).containsExactly("DONE");

        for (int day : List.of(30, 37, 150)) {
            travel(day);
            dispatcher.dispatchDue();
        }
        assertThat(received(dora)).as("the welcome only").singleElement()
                .satisfies(m -> assertThat(io.rekindle.support.Welcomes.isWelcome(m)).isTrue());
        assertThat(api.get("/api/outbox?contactId=" + id).json()).singleElement()
                .satisfies(row -> assertThat(row.get("template").asText()).isEqualTo("welcome"));

        // given again: a new opt-in lifts the earlier unsubscribe
        Api.Response given = patch("/api/contacts/" + id, "{\"emailConsent\":true}", MERGE_PATCH);
        assertThat(given.json().get("emailConsent").asBoolean()).isTrue();
        assertThat(given.json().get("emailUnsubscribedAt").isNull()).isTrue();
        assertThat(api.get("/api/contacts/" + id + "/history").json().findValuesAsText("newValue"))
                .containsExactly("false", "true");
    }

    @Test
    void aWinBackWhoseEmailWaitsInTheOutboxEndsAtTheWithdrawal_andTheEmailIsNeverDelivered() throws Exception {
        // reachable by email only: the channel decision picks email
        String externalId = "chg-" + UUID.randomUUID();
        JsonNode fred = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","firstName":"Fred","locale":"fr","emailConsent":true,
                 "smsConsent":false}""".formatted(externalId, externalId)).json();
        long id = fred.get("id").asLong();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(id))
                .setVariable("contactId", id).setVariable("segment", "INACTIVE").correlateAllWithResult();
        time.runDueJobs();
        assertThat(running(id)).as("the win-back runs").isEqualTo(1);
        JsonNode written = api.get("/api/outbox?contactId=" + id).json();
        assertThat(written).as("« vous nous manquez », not delivered yet").hasSize(1);
        assertThat(written.get(0).get("status").asText()).isEqualTo("PENDING");

        assertThat(patch("/api/contacts/" + id, "{\"emailConsent\":false}", MERGE_PATCH).status()).isEqualTo(200);

        assertThat(running(id)).as("ended at once").isZero();
        dispatcher.dispatchDue();
        for (int day : List.of(14, 30, 150)) {
            travel(day);
            dispatcher.dispatchDue();
        }
        assertThat(received(fred)).isEmpty();
        JsonNode skipped = api.get("/api/outbox?contactId=" + id).json();
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.get(0).get("channel").asText()).isEqualTo("EMAIL");
    }

    @Test
    void withdrawingOnlyTheSmsConsentLeavesTheEmailsGoing() throws Exception {
        JsonNode emil = signUp("Emil");
        long id = emil.get("id").asLong();
        travel(20);

        Api.Response withdrawn = patch("/api/contacts/" + id, "{\"smsConsent\":false}", MERGE_PATCH);

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(running(id)).as("still waiting for J+30").isEqualTo(1);
        travel(30);
        dispatcher.dispatchDue();
        assertThat(received(emil)).as("relaunch 1").hasSize(1);
        assertThat(api.get("/api/contacts/" + id).json().get("smsUnsubscribedAt").isNull()).isTrue();
    }

    private Api.Response patch(String path, String body, String contentType) {
        return api.send("PATCH", path, body, contentType, Api.basic(Api.USER, Api.PASSWORD));
    }

    private static void assertField(Api.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").path(0).path("field").asText()).as(response.body()).isEqualTo(field);
    }

    private static JsonNode entry(JsonNode entries, String field) {
        return entry(entries, field, 0);
    }

    private static JsonNode entry(JsonNode entries, String field, int nth) {
        int seen = 0;
        for (JsonNode e : entries) {
            if (e.get("field").asText().equals(field) && seen++ == nth) {
                return e;
            }
        }
        throw new AssertionError("no " + field + " #" + nth + " in " + entries);
    }

    private JsonNode signUp(String firstName) {
        String externalId = "chg-" + UUID.randomUUID();
        Api.Response response = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","phone":"+33612345678","firstName":"%s",
                 "locale":"fr","emailConsent":true,"smsConsent":true}""".formatted(externalId, externalId, firstName));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private void travel(int day) {
        time.travelTo(J.plus(Duration.ofDays(day)));
        time.runDueJobs();
    }

    private long running(long contactId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contactId)).count();
    }

    private long passed(long contactId, String activityId) {
        String journey = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(String.valueOf(contactId)).singleResult().getId();
        return history.createHistoricActivityInstanceQuery().processInstanceId(journey).activityId(activityId)
                .finished().count();
    }

    private List<MimeMessage> received(JsonNode contact) {
        return Inbox.to(smtp, contact.get("email").asText());
    }

    /**
     * The contact page without what only it adds (the contact's experiment arms, its preference-centre choices): the
     * contact as stored.
     */
    private JsonNode asStored(String path) {
        var page = (com.fasterxml.jackson.databind.node.ObjectNode) api.get(path).json();
        assertThat(page.remove("experiments").isArray()).isTrue();
        assertThat(page.remove("preferences").isObject()).isTrue();
        return page;
    }
}
