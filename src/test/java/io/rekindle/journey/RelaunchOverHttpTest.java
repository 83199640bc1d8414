package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.Inbox;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.Welcomes;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The relaunch journey end to end, as the company's systems and a contact see it: sign-up and events
 * over HTTP, time travel to J+30, real emails received by a real SMTP server (GreenMail).
 * Runs on H2 and on PostgreSQL.
 */
@RekindleIntegrationTest
class RelaunchOverHttpTest extends OverHttp {

    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");

    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    org.camunda.bpm.engine.ProcessEngine processEngine;

    @Override
    protected Instant start() {
        return J;
    }

    @Test
    void aRepeatedSignUpReturnsTheStoredContactAndStartsNoSecondJourney() {
        String body = signUpJson("dup-" + UUID.randomUUID(), "Marie", "fr");

        Api.Response created = api.post("/api/contacts", body);
        Api.Response again = api.post("/api/contacts", body);

        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.location()).endsWith("/api/contacts/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .isEqualTo(1);
        assertThat(api.get("/api/contacts/" + id).json().get("firstName").asText()).isEqualTo("Marie");
    }

    /**
     * The 201 body is built from what was inserted, not read back (a read saved on the hot path): it must still be
     * the contact as stored, field for field, whatever the sign-up leaves to the database's defaults.
     */
    @Test
    void theSignUpAnswerIsTheContactAsStoredFieldForField() {
        String minimal = """
                {"externalId":"%s","email":"Zoe.Unal@Exämple.com","firstName":"Zoé","locale":"en","emailConsent":false,
                 "smsConsent":false}""".formatted("min-" + UUID.randomUUID());
        String full = signUpJson("full-" + UUID.randomUUID(), "Élise", "fr").replace("\"smsConsent\":false",
                "\"smsConsent\":true,\"signedUpAt\":\"" + J.minus(Duration.ofDays(2)) + "\"");

        for (String body : List.of(minimal, full)) {
            Api.Response created = api.post("/api/contacts", body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Api.Response read = api.get("/api/contacts/" + created.json().get("id").asLong());
            assertThat(read.status()).isEqualTo(200);
            JsonNode stored = read.json();
            // the contact's experiment arms and preference-centre choices are read for this page only, not on the
            // sign-up's hot path
            assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) stored).remove("experiments").isArray())
                    .isTrue();
            assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) stored).remove("preferences")
                    .get("updatedAt").isNull()).as("a new contact never chose").isTrue();

            assertThat(created.json()).as(body).isEqualTo(stored);
            assertThat(api.post("/api/contacts", body).json()).as("the repeated sign-up's 200").isEqualTo(stored);
        }
    }

    @Test
    void anExistingCustomerPostedWithTheirOldSignUpDateIsStoredAndStartsNoRelaunch() {
        String externalId = "old-" + UUID.randomUUID();
        String body = signUpJson(externalId, "Odile", "fr").replace("\"smsConsent\":false",
                "\"smsConsent\":false,\"signedUpAt\":\"2023-03-01T10:00:00+01:00\"");

        Api.Response created = api.post("/api/contacts", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("signedUpAt").asText()).isEqualTo("2023-03-01T09:00:00Z");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id))
                .count()).as("no sign-up journey for a customer of 2023").isZero();

        // a sign-up of an hour ago is a new one: the relaunch starts
        String recent = signUpJson("recent-" + UUID.randomUUID(), "Rémi", "fr").replace("\"smsConsent\":false",
                "\"smsConsent\":false,\"signedUpAt\":\"" + J.minus(Duration.ofHours(1)) + "\"");
        long recentId = api.post("/api/contacts", recent).json().get("id").asLong();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(recentId))
                .processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH).count()).isEqualTo(1);
    }

    @Test
    void aSignUpDateInTheFutureOrBefore1970IsRefusedAndNothingIsWritten() {
        long before = jdbc.sql("SELECT COUNT(*) FROM contact").query(Long.class).single();
        for (String date : List.of(J.plus(Duration.ofDays(1)).toString(), "1969-12-31T23:59:59Z")) {
            String body = signUpJson("when-" + UUID.randomUUID(), "Zoé", "fr").replace("\"smsConsent\":false",
                    "\"smsConsent\":false,\"signedUpAt\":\"" + date + "\"");

            Api.Response refused = api.post("/api/contacts", body);

            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).contains("signedUpAt");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void opensAndClicksAreTrackedWithSignedLinksAndTheRedirectOnlyGoesWhereTheEmailPoints() throws Exception {
        JsonNode ines = signUp("Inès", "fr");
        long id = ines.get("id").asLong();
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        dispatcher.dispatchDue();
        String html = html(single(received(ines)));
        java.util.regex.Matcher pixel = java.util.regex.Pattern.compile("/t/o/([A-Za-z0-9_.-]+)\"").matcher(html);
        java.util.regex.Matcher click = java.util.regex.Pattern.compile("href=\"[^\"]*/t/c/([A-Za-z0-9_.-]+)\"")
                .matcher(html);
        assertThat(pixel.find()).as(html).isTrue();
        assertThat(click.find()).as(html).isTrue();
        assertThat(html).doesNotContain("href=\"http://localhost:8080/\"").contains("/unsubscribe/");
        long message = api.get("/api/outbox?contactId=" + id).json().get(0).get("id").asLong();

        // forged or altered tokens record nothing
        String altered = pixel.group(1).substring(0, pixel.group(1).length() - 2) + "AA";
        assertThat(api.get("/t/o/" + altered, null).status()).isEqualTo(200);
        assertThat(api.get("/t/c/" + altered, null).status()).isEqualTo(404);
        assertThat(events(id)).isEmpty();
        // even a token we signed ourselves cannot send anyone to a link the email does not contain
        String foreign = new io.rekindle.system.SignedLinks("test-only-link-secret-0123456789abcdef",
                java.time.Clock.systemUTC()).sign("click", List.of(String.valueOf(message), "7"),
                java.time.Instant.now().plus(Duration.ofDays(1)));
        assertThat(api.get("/t/c/" + foreign, null).status()).isEqualTo(404);

        Api.Response opened = api.get("/t/o/" + pixel.group(1), null);
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.contentType()).isEqualTo("image/gif");
        assertThat(events(id)).containsExactly("EMAIL_OPENED");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id))
                .singleResult().getEndActivityId()).as("the open ended the relaunch")
                .isEqualTo("EndEvent_OpenedRelaunch1");

        // a person, an hour later (a link scanner's fetch is RobotClicksOverHttpTest's)
        time.advance(Duration.ofHours(1));
        Api.Response clicked = api.get("/t/c/" + click.group(1), null, Api.BROWSER);
        assertThat(clicked.status()).isEqualTo(302);
        assertThat(clicked.location()).isEqualTo("http://localhost:8080/");
        assertThat(events(id)).containsExactly("EMAIL_OPENED", "EMAIL_CLICKED");
        assertThat(api.get("/api/contacts/" + id).json().get("lastEmailClickAt").isNull()).isFalse();
    }

    private List<String> events(long contactId) {
        return jdbc.sql("SELECT type FROM contact_event WHERE contact_id = ? ORDER BY id").param(contactId)
                .query(String.class).list();
    }

    private static String html(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = html(multipart.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    @Test
    void atSignUpTheWelcomeArrivesInTheContactsLanguage_withTheBenefitsAndAnUnsubscribeLink() throws Exception {
        JsonNode marie = signUp("Marie", "fr");
        JsonNode john = signUp("John", "en");
        dispatcher.dispatchDue();

        MimeMessage toMarie = single(allReceived(marie));
        assertThat(toMarie.getSubject()).isEqualTo("Bienvenue Marie : voici ce que votre inscription vous apporte");
        assertThat(GreenMailUtil.getBody(toMarie)).contains("Bienvenue Marie").contains("livraison offerte");
        assertThat(toMarie.getHeader("List-Unsubscribe")).isNotNull();
        MimeMessage toJohn = single(allReceived(john));
        assertThat(toJohn.getSubject()).isEqualTo("Welcome, John: here is what your membership brings you");
        assertThat(GreenMailUtil.getBody(toJohn)).contains("Welcome, John!").contains("free delivery");
        JsonNode row = api.get("/api/outbox?contactId=" + marie.get("id").asLong()).json().get(0);
        assertThat(row.get("template").asText()).isEqualTo("welcome");
        assertThat(row.get("status").asText()).isEqualTo("SENT");
        assertThat(row.get("offerCode").isNull()).as("no offer in the welcome").isTrue();
    }

    @Test
    void atJ30TheRelaunchEmailArrivesPersonalisedInTheContactsLanguage() throws Exception {
        JsonNode marie = signUp("Marie", "fr");
        JsonNode john = signUp("John", "en");

        time.travelTo(J.plus(Duration.ofDays(29)));
        time.runDueJobs();
        dispatcher.dispatchDue();
        assertThat(received(marie)).isEmpty();

        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        dispatcher.dispatchDue();

        MimeMessage toMarie = single(received(marie));
        JsonNode marieOutbox = api.get("/api/outbox?contactId=" + marie.get("id").asLong()).json().get(0);
        String code = marieOutbox.get("offerCode").asText();
        assertThat(toMarie.getSubject()).isEqualTo("Marie, vos avantages d'inscrit vous attendent");
        assertThat(GreenMailUtil.getBody(toMarie)).contains("Bonjour Marie").contains("4 mai 2026").contains(code);
        assertThat(marieOutbox.get("status").asText()).isEqualTo("SENT");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM offer WHERE code = ? AND contact_id = ?")
                .params(code, marie.get("id").asLong()).query(Long.class).single()).isEqualTo(1);

        MimeMessage toJohn = single(received(john));
        assertThat(toJohn.getSubject()).isEqualTo("John, your member benefits are waiting for you");
        assertThat(GreenMailUtil.getBody(toJohn)).contains("Hello John").contains("May 4, 2026");
    }

    @Test
    void theSendStepExecutedTwiceSendsOneEmail() throws Exception {
        JsonNode lea = signUp("Léa", "fr");
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        String journey = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(lea.get("id").asText()).singleResult().getId();

        runtime.createProcessInstanceModification(journey).startBeforeActivity("Task_SendRelaunch1").execute();
        time.runDueJobs();
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(received(lea)).hasSize(1);
        assertThat(api.get("/api/outbox?contactId=" + lea.get("id").asLong()).json().size())
                .as("the welcome and one relaunch 1").isEqualTo(2);
    }

    @Test
    void anSmtpOutageDelaysTheEmailAndItIsDeliveredOnce() throws Exception {
        JsonNode paul = signUp("Paul", "fr");
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();

        smtp.stop();
        dispatcher.dispatchDue();
        JsonNode waiting = api.get("/api/outbox?contactId=" + paul.get("id").asLong()).json().get(0);
        assertThat(waiting.get("status").asText()).isEqualTo("PENDING");
        assertThat(waiting.get("attempts").asInt()).isEqualTo(1);
        assertThat(waiting.get("lastError").asText()).isNotBlank();

        smtp.start();
        dispatcher.dispatchDue();
        assertThat(received(paul)).as("not retried before the backoff").isEmpty();
        time.advance(Duration.ofMinutes(2));
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(received(paul)).hasSize(1);
        JsonNode sent = api.get("/api/outbox?contactId=" + paul.get("id").asLong()).json().get(0);
        assertThat(sent.get("status").asText()).isEqualTo("SENT");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void openingTheEmailReportedOverHttpEndsTheJourney() {
        JsonNode anna = signUp("Anna", "fr");
        long id = anna.get("id").asLong();
        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        dispatcher.dispatchDue();
        long messageId = api.get("/api/outbox?contactId=" + id).json().get(0).get("id").asLong();

        Api.Response opened = api.post("/api/events",
                "{\"contactId\":" + id + ",\"type\":\"EMAIL_OPENED\",\"messageId\":" + messageId + "}");

        assertThat(opened.status()).isEqualTo(202);
        assertThat(opened.json().get("correlatedJourneys").asInt()).isEqualTo(1);
        assertThat(history.createHistoricActivityInstanceQuery().activityId("EndEvent_OpenedRelaunch1")
                .processInstanceId(history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(String.valueOf(id)).singleResult().getId())
                .count()).isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).count())
                .isZero();
    }

    @Test
    void anEventByExternalIdUpdatesTheContact() {
        String externalId = "ext-" + UUID.randomUUID();
        long id = api.post("/api/contacts", signUpJson(externalId, "Hugo", "en")).json().get("id").asLong();
        time.runDueJobs();

        Api.Response purchase = api.post("/api/events", "{\"externalId\":\"" + externalId
                + "\",\"type\":\"PURCHASE\",\"amount\":19.99,\"eventId\":\"order-1\"}");
        Api.Response repeated = api.post("/api/events", "{\"externalId\":\"" + externalId
                + "\",\"type\":\"PURCHASE\",\"amount\":19.99,\"eventId\":\"order-1\"}");

        assertThat(purchase.status()).isEqualTo(202);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("duplicate").asBoolean()).isTrue();
        JsonNode contact = api.get("/api/contacts/" + id).json();
        assertThat(contact.get("purchaseCount").asInt()).isEqualTo(1);
        assertThat(contact.get("revenue").decimalValue()).isEqualByComparingTo("19.99");
    }

    @Test
    void badInputGetsAProblemAndWritesNothing() {
        long contactsBefore = count("contact");
        long eventsBefore = count("contact_event");
        JsonNode known = signUp("Zoé", "fr");
        long id = known.get("id").asLong();

        assertProblem(api.post("/api/contacts", "{\"externalId\": \"x\", "), 400, "not valid JSON");
        Api.Response invalid = api.post("/api/contacts",
                "{\"externalId\":\"a b\",\"email\":\"nobody@nowhere\",\"phone\":\"0612345678\",\"locale\":\"de\"}");
        assertProblem(invalid, 400, "invalid fields");
        assertThat(invalid.json().get("errors").findValuesAsText("field"))
                .contains("externalId", "email", "phone", "firstName", "locale", "emailConsent", "smsConsent");
        assertProblem(api.post("/api/contacts", "externalId=x", "text/plain", Api.basic(Api.USER, Api.PASSWORD)),
                415, "not supported");
        char[] big = new char[100_000];
        Arrays.fill(big, 'a');
        assertProblem(api.post("/api/contacts", "{\"externalId\":\"" + new String(big) + "\"}"), 413, "exceeds");
        assertProblem(api.post("/api/events", "{\"contactId\":999999999,\"type\":\"VISIT\"}"), 404, "No contact");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"REFUND\"}"), 400,
                "expected one of");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"PURCHASE\"}"), 400, "amount");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"PURCHASE\",\"amount\":-5}"), 400,
                "amount");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"EMAIL_OPENED\"}"), 400,
                "messageId");
        assertProblem(api.post("/api/events",
                "{\"contactId\":" + id + ",\"type\":\"EMAIL_OPENED\",\"messageId\":424242}"), 422, "not sent");
        assertProblem(api.post("/api/events", "{\"type\":\"VISIT\"}"), 400, "contactId");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"VISIT\","
                + "\"occurredAt\":\"2099-01-01T00:00:00Z\"}"), 400, "future");
        assertProblem(api.get("/api/contacts/abc"), 400, "id");

        assertThat(count("contact")).isEqualTo(contactsBefore + 1);
        assertThat(count("contact_event")).isEqualTo(eventsBefore);
    }

    @Test
    void theApiAndTheEngineRestApiRequireCredentials() {
        String body = signUpJson("sec-" + UUID.randomUUID(), "Eve", "en");
        Api.Response anonymous = api.post("/api/contacts", body, "application/json", null);
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        // an unknown user: a wrong password for a real user would trip the engine's login throttling
        assertThat(api.post("/api/contacts", body, "application/json", Api.basic("intruder", "guess")).status())
                .isEqualTo(401);
        Api.Response engine = api.get("/engine-rest/process-definition", null);
        assertThat(engine.status()).isEqualTo(401);
        assertThat(api.get("/engine-rest/deployment", Api.basic("demo", "demo")).status()).isEqualTo(401);
        assertThat(api.get("/api/outbox", null).status()).isEqualTo(401);
        assertThat(count("contact WHERE first_name = 'Eve'")).isZero();

        // the admin user exists from the first start: the webapps never show the first-visitor setup screen
        assertThat(processEngine.getIdentityService().createUserQuery().userId(Api.USER)
                .memberOfGroup("camunda-admin").count()).isEqualTo(1);
        assertThat(processEngine.getIdentityService().checkPassword("demo", "demo")).isFalse();
        // tests give each engine a unique name (several contexts live in one JVM), so name it in the path
        assertThat(api.get("/engine-rest/engine/" + processEngine.getName() + "/process-definition/key/new-signup-relaunch")
                .status()).isEqualTo(200);
    }

    private void assertProblem(Api.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private long count(String tableAndWhere) {
        return jdbc.sql("SELECT COUNT(*) FROM " + tableAndWhere).query(Long.class).single();
    }

    /** Signs up; the welcome leaves at once (its own test: {@code atSignUpTheWelcomeArrives…}). */
    private JsonNode signUp(String firstName, String locale) {
        Api.Response response = api.post("/api/contacts", signUpJson("e2e-" + UUID.randomUUID(), firstName, locale));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs();
        return response.json();
    }

    private static String signUpJson(String externalId, String firstName, String locale) {
        return """
                {"externalId":"%s","email":"%s@example.com","phone":"+33612345678","firstName":"%s",
                 "locale":"%s","emailConsent":true,"smsConsent":false}""".formatted(externalId, externalId,
                firstName, locale);
    }

    /** The emails after the welcome. */
    private List<MimeMessage> received(JsonNode contact) throws MessagingException {
        return allReceived(contact).stream().filter(m -> !Welcomes.isWelcome(m)).toList();
    }

    private List<MimeMessage> allReceived(JsonNode contact) {
        return Inbox.to(smtp, contact.get("email").asText());
    }

    private static MimeMessage single(List<MimeMessage> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
