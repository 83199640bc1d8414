package io.rekindle.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The survey as a contact sees it: the email arrives over real SMTP (GreenMail) with its link, the page
 * opens without login in the contact's language, the form is posted like a browser does (no
 * credentials, no CSRF token), the answers land in the CRM and the follow-up runs. Runs on H2 and on
 * PostgreSQL. Surveys are started the way a caller's call activity does.
 */
@RekindleIntegrationTest
class SurveyOverHttpTest extends OverHttp {

    private static final Instant S = Instant.parse("2026-06-01T08:00:00Z");
    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/survey/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");
    private static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    ProcessEngine engine;
    @Autowired
    EmailDispatcher dispatcher;

    final Map<Long, String> emails = new HashMap<>();

    @Override
    protected Instant start() {
        return S;
    }

    @Test
    void theEmailArrivesWithItsLinkAndThePageOpensWithoutLoginInTheContactsLanguage() throws Exception {
        long marie = contact("Marie", "fr");
        long john = contact("John", "en");
        startSurvey(marie);
        startSurvey(john);
        dispatcher.dispatchDue();

        MimeMessage toMarie = single(received(marie));
        assertThat(toMarie.getSubject()).isEqualTo("Donnez-nous votre avis, Marie");
        Api.Response french = api.get(link(toMarie), null);
        assertThat(french.status()).as(french.body()).isEqualTo(200);
        assertThat(french.contentType()).startsWith("text/html");
        assertThat(referrerPolicy(link(toMarie))).as("the token never leaks to other sites").isEqualTo("no-referrer");
        assertThat(french.body()).contains("<html lang=\"fr\"").contains("Donnez-nous votre avis")
                .contains("Bonjour Marie").contains("Pourquoi n&#39;avez-vous pas commandé")
                .contains("name=\"whyNoPurchase\" value=\"PRICE\"").contains("name=\"orderingProblem\"")
                .contains("value=\"NEVER_BOUGHT\"").contains("<textarea name=\"freeText\"");

        MimeMessage toJohn = single(received(john));
        assertThat(toJohn.getSubject()).isEqualTo("Tell us what you think, John");
        Api.Response english = api.get(link(toJohn), null);
        assertThat(english.status()).isEqualTo(200);
        assertThat(english.body()).contains("<html lang=\"en\"").contains("Hello John")
                .contains("Did you have any problem ordering online?").doesNotContain("Bonjour");
    }

    @Test
    void postedAnswersLandInTheCrmAndThePriceFollowUpSendsTheOffer() throws Exception {
        long lea = contact("Léa", "fr");
        String survey = startSurvey(lea);
        dispatcher.dispatchDue();
        String page = link(single(received(lea)));
        time.travelTo(S.plus(Duration.ofDays(2)));

        Api.Response thanks = api.post(page, form("PRICE", "NO", "YES", "Trop cher pour moi, désolée"), FORM, null);

        assertThat(thanks.status()).as(thanks.body()).isEqualTo(200);
        assertThat(thanks.body()).contains("Merci pour votre avis");
        Map<String, Object> row = answerRow(survey);
        assertThat(row).containsEntry("CONTACT_ID", lea).containsEntry("WHY_NO_PURCHASE", "PRICE")
                .containsEntry("ORDERING_PROBLEM", "NO").containsEntry("SATISFIED_WITH_LAST_PURCHASE", "YES")
                .containsEntry("FREE_TEXT", "Trop cher pour moi, désolée");
        assertThat(activities(survey)).contains("Event_SurveyAnswered", "Task_DecideFollowUp");

        time.runDueJobs();
        dispatcher.dispatchDue();
        List<MimeMessage> mails = received(lea);
        assertThat(mails).hasSize(2);
        String code = jdbc.sql("SELECT code FROM offer WHERE contact_id = ?").param(lea).query(String.class).single();
        assertThat(mails.get(1).getSubject()).isEqualTo("Léa, merci pour votre avis : une offre pour vous");
        assertThat(GreenMailUtil.getBody(mails.get(1)).replace("=\r\n", "")).contains(code);
        assertThat(activities(survey)).contains("Task_SendSurveyOffer", "EndEvent_OfferSent");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(survey).count()).isZero();

        // a second submission (another tab, a changed mind) changes nothing
        Api.Response again = api.post(page, form("NOT_INTERESTED", "YES", "NO", "changed my mind"), FORM, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("Vous avez déjà répondu");
        assertThat(answerRow(survey)).isEqualTo(row);
        assertThat(count("survey_answer WHERE contact_id = " + lea)).isEqualTo(1);
        assertThat(api.get(page, null).body()).contains("Vous avez déjà répondu").doesNotContain("<form");
        time.runDueJobs();
        dispatcher.dispatchDue();
        assertThat(received(lea)).hasSize(2);
    }

    @Test
    void aTechnicalProblemPostedOverHttpOpensACustomerServiceTask() {
        long hugo = contact("Hugo", "en");
        String survey = startSurvey(hugo);

        Api.Response thanks = api.post(linkFromOutbox(hugo), form("TECHNICAL_PROBLEM", "YES", "NO", ""), FORM, null);

        assertThat(thanks.status()).isEqualTo(200);
        assertThat(thanks.body()).contains("Thank you for your answers");
        assertThat(answerRow(survey)).containsEntry("FREE_TEXT", null);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(survey).activityIdIn("Task_HandleSurveyAnswers")
                .count()).isEqualTo(1);

        // an administrator adds an agent to customer service over the engine's REST API, as Camunda Admin does
        String rest = "/engine-rest/engine/" + engine.getName();
        // (the group of the customer-service role is there from the first start)
        Api.Response group = api.get(rest + "/group/customer-service");
        assertThat(group.status()).as(group.body()).isEqualTo(200);
        String agent = "agent" + UUID.randomUUID().toString().substring(0, 8); // user ids: the engine's default rule
        assertThat(api.post(rest + "/user/create", """
                {"profile":{"id":"%s","firstName":"Ada","lastName":"Agent","email":"%s@example.com"},
                 "credentials":{"password":"agent-only-password"}}""".formatted(agent, agent)).status()).isEqualTo(204);
        assertThat(api.put(rest + "/group/customer-service/members/" + agent, "").status()).isEqualTo(204);

        // the agent signs in and finds the task in the group's queue and in their own candidate tasks
        String asAgent = Api.basic(agent, "agent-only-password");
        for (String query : List.of("candidateGroup=customer-service", "candidateUser=" + agent)) {
            Api.Response tasks = api.get(rest + "/task?" + query, asAgent);
            assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
            assertThat(tasks.json().findValuesAsText("processInstanceId")).as(query).contains(survey);
            assertThat(tasks.json().findValuesAsText("taskDefinitionKey")).contains("Task_HandleSurveyAnswers");
        }
    }

    @Test
    void aForgedAlteredOrExpiredLinkIsRefusedAndNothingIsStored() {
        long paul = contact("Paul", "fr");
        String survey = startSurvey(paul);
        String page = linkFromOutbox(paul);
        String token = page.substring("/survey/".length());
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        String altered = "/survey/" + payload.substring(0, payload.length() - 2)
                + (payload.endsWith("A") ? "B" : "A") + payload.charAt(payload.length() - 1) + "." + signature;
        String forged = "/survey/" + payload + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        long answers = count("survey_answer");

        for (String bad : List.of(altered, forged, "/survey/not-a-token", "/survey/" + "x".repeat(3000))) {
            Api.Response get = api.get(bad, null);
            assertThat(get.status()).as(bad).isEqualTo(404);
            assertThat(get.body()).contains("Ce lien n'est pas (ou plus) valide").doesNotContain("<form");
            assertThat(api.post(bad, form("PRICE", "NO", "YES", "x"), FORM, null).status()).as(bad).isEqualTo(404);
        }
        time.travelTo(S.plus(Duration.ofDays(31)));
        assertThat(api.get(page, null).status()).as("expired").isEqualTo(404);
        assertThat(api.post(page, form("PRICE", "NO", "YES", "x"), FORM, null).status()).isEqualTo(404);

        assertThat(count("survey_answer")).isEqualTo(answers);
        assertThat(activities(survey)).doesNotContain("Event_SurveyAnswered");
    }

    @Test
    void anIncompleteFormIsShownAgainAndNothingIsStored() {
        long anna = contact("Anna", "fr");
        String survey = startSurvey(anna);
        String page = linkFromOutbox(anna);

        Api.Response missing = api.post(page, "whyNoPurchase=PRICE&satisfiedWithLastPurchase=YES", FORM, null);
        Api.Response unknown = api.post(page, form("CHEAPER_ELSEWHERE", "NO", "YES", ""), FORM, null);
        Api.Response tooLong = api.post(page, form("OTHER", "NO", "YES", "x".repeat(2001)), FORM, null);

        for (Api.Response refused : List.of(missing, unknown, tooLong)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("Merci de répondre à chaque question").contains("<form");
        }
        assertThat(missing.body()).contains("value=\"PRICE\" required checked=\"checked\"");
        assertThat(count("survey_answer WHERE contact_id = " + anna)).isZero();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(survey)
                .activityIdIn("Gateway_WaitSurveyAnswer").count()).isEqualTo(1);
    }

    @Test
    void theSurveyPageDoesNotOpenTheApiOrTheEngine() {
        assertThat(api.get("/api/outbox", null).status()).isEqualTo(401);
        assertThat(api.get("/engine-rest/process-definition", null).status()).isEqualTo(401);
        assertThat(api.post("/engine-rest/message", "{\"messageName\":\"SurveyAnswered\"}", "application/json", null)
                .status()).isEqualTo(401);
        assertThat(api.get("/survey", null).status()).isGreaterThanOrEqualTo(400).isLessThan(500);
    }

    private String referrerPolicy(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("Referrer-Policy").orElse(null);
    }

    private String startSurvey(long contactId) {
        String id = runtime.startProcessInstanceByKey("satisfaction-survey", String.valueOf(contactId),
                Map.of("contactId", contactId)).getId();
        time.runDueJobs();
        return id;
    }

    private long contact(String firstName, String locale) {
        String externalId = "survey-" + UUID.randomUUID();
        Api.Response created = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","firstName":"%s","locale":"%s",
                 "emailConsent":true,"smsConsent":false}""".formatted(externalId, externalId, firstName, locale));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        emails.put(id, externalId + "@example.com");
        return id;
    }

    private String linkFromOutbox(long contactId) {
        String text = null; // the newest row but the welcome
        for (com.fasterxml.jackson.databind.JsonNode row : api.get("/api/outbox?contactId=" + contactId).json()) {
            if (text == null && !io.rekindle.support.Welcomes.isWelcome(row)) {
                text = row.get("bodyText").asText();
            }
        }
        return linkIn(text);
    }

    private static String link(MimeMessage message) {
        return linkIn(GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "="));
    }

    private static String linkIn(String text) {
        Matcher matcher = LINK.matcher(text);
        assertThat(matcher.find()).as("a survey link in " + text).isTrue();
        return matcher.group(1);
    }

    private static String form(String why, String problem, String satisfied, String freeText) {
        return "whyNoPurchase=" + enc(why) + "&orderingProblem=" + enc(problem) + "&satisfiedWithLastPurchase="
                + enc(satisfied) + "&freeText=" + enc(freeText);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Map<String, Object> answerRow(String survey) {
        return jdbc.sql("SELECT contact_id, why_no_purchase, ordering_problem, satisfied_with_last_purchase, free_text,"
                + " answered_at FROM survey_answer WHERE survey_process_instance_id = ?").param(survey)
                .query().singleRow().entrySet().stream()
                .collect(java.util.HashMap::new, (m, e) -> m.put(e.getKey().toUpperCase(), normalise(e.getValue())),
                        Map::putAll);
    }

    private static Object normalise(Object value) {
        return value instanceof Number number && !(value instanceof java.math.BigDecimal) ? number.longValue() : value;
    }

    private List<String> activities(String processInstanceId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).list().stream()
                .map(a -> a.getActivityId()).toList();
    }

    private long count(String tableAndWhere) {
        return jdbc.sql("SELECT COUNT(*) FROM " + tableAndWhere).query(Long.class).single();
    }

    /** The survey's emails (the sign-up also started the relaunch, whose welcome is not tested here). */
    private List<MimeMessage> received(long contactId) throws MessagingException {
        String address = emails.get(contactId);
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)
                    && !io.rekindle.support.Welcomes.isWelcome(message)) {
                mine.add(message);
            }
        }
        return mine;
    }

    private static MimeMessage single(List<MimeMessage> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
