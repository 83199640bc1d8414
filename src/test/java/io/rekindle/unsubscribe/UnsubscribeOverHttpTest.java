package io.rekindle.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.contact.ContactService;
import io.rekindle.email.EmailDispatcher;
import io.rekindle.sms.SmsDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.Inbox;
import io.rekindle.support.MailText;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.SmsProvider;
import io.rekindle.support.Welcomes;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Unsubscribe and suppression end to end: UNSUBSCRIBED posted over HTTP, the journey ended, the CRM
 * updated, and what a real SMTP server (GreenMail) receives — nothing, for an unsubscribed or
 * suppressed contact, even when the email was already waiting in the outbox. H2 and PostgreSQL.
 */
@RekindleIntegrationTest(properties = {"rekindle.sms.enabled=true", "rekindle.sms.scheduled=false"})
class UnsubscribeOverHttpTest extends OverHttp {

    private static final Instant J = Instant.parse("2026-06-01T07:30:00Z");
    private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("https?://\\S+?/unsubscribe/[A-Za-z0-9_.-]+");

    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    SmsDispatcher smsDispatcher;
    @Autowired
    ContactService contacts;
    @Autowired
    SmsProvider smsProvider;

    @Override
    protected Instant start() {
        return J;
    }

    @Test
    void anUnsubscribeEndsTheJourneyAndTheEmailAlreadyInTheOutboxIsNeverDelivered() throws Exception {
        JsonNode marie = signUp("Marie", "fr");
        long id = marie.get("id").asLong();
        travel(30);
        JsonNode written = single(outbox(id));
        assertThat(written.get("status").asText()).isEqualTo("PENDING");
        assertThat(running(id)).as("waiting for a reaction to relaunch 1").isEqualTo(1);

        time.advance(Duration.ofHours(1));
        String unsubscribe = "{\"contactId\":" + id + ",\"type\":\"UNSUBSCRIBED\",\"channel\":\"EMAIL\","
                + "\"eventId\":\"unsub-" + id + "\"}";
        Api.Response accepted = api.post("/api/events", unsubscribe);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("correlatedJourneys").asInt()).isEqualTo(1);
        assertThat(running(id)).isZero();
        assertThat(passed(id, "EndEvent_Unsubscribed")).isEqualTo(1);
        assertThat(passed(id, "Timer_J37")).as("the 7-day wait was interrupted, not finished").isZero();

        JsonNode contact = api.get("/api/contacts/" + id).json();
        assertThat(Instant.parse(contact.get("emailUnsubscribedAt").asText()))
                .isEqualTo(J.plus(Duration.ofDays(30)).plus(Duration.ofHours(1)));
        assertThat(contact.get("smsUnsubscribedAt").isNull()).isTrue();
        assertThat(contact.get("suppressedAt").isNull()).isTrue();
        assertThat(contact.get("emailConsent").asBoolean()).isFalse();

        dispatcher.dispatchDue();
        assertThat(received(marie)).isEmpty();
        JsonNode skipped = single(outbox(id));
        assertThat(skipped.get("id").asLong()).isEqualTo(written.get("id").asLong());
        assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.get("skipReason").asText()).isEqualTo("UNSUBSCRIBED");

        Api.Response repeated = api.post("/api/events", unsubscribe);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("duplicate").asBoolean()).isTrue();
        assertThat(repeated.json().get("eventId").asLong()).isEqualTo(accepted.json().get("eventId").asLong());
        assertThat(jdbc.sql("SELECT channel FROM contact_event WHERE contact_id = ? AND type = 'UNSUBSCRIBED'")
                .param(id).query(String.class).list()).containsExactly("EMAIL");
        travel(37);
        dispatcher.dispatchDue();
        assertThat(received(marie)).isEmpty();
        assertThat(outbox(id).size()).isEqualTo(1);
    }

    @Test
    void theFinalRemovalsFarewellIsDeliveredThenNothingMoreAndAComebackBringsWelcomeBack() throws Exception {
        JsonNode eve = signUp("Eve", "en");
        long id = eve.get("id").asLong();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
        runtime.createProcessInstanceByKey("final-removal").businessKey(String.valueOf(id))
                .setVariable("contactId", id).execute();
        time.runDueJobs();

        dispatcher.dispatchDue();
        assertThat(received(eve)).singleElement().satisfies(m ->
                assertThat(m.getSubject()).isEqualTo("Eve, there will always be a place for you"));
        assertThat(api.get("/api/contacts/" + id).json().get("suppressedAt").isNull()).isFalse();
        assertThat(api.get("/api/contacts/" + id).json().get("suppressionReason").asText()).isEqualTo("FINAL_REMOVAL");

        // an unsubscribe is no comeback: she stays isolated and gets nothing
        time.advance(Duration.ofDays(10));
        api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"UNSUBSCRIBED\",\"channel\":\"SMS\"}");
        time.runDueJobs();
        dispatcher.dispatchDue();
        assertThat(api.get("/api/contacts/" + id).json().get("suppressedAt").isNull()).isFalse();
        assertThat(received(eve)).hasSize(1);

        // she comes back to the site: the suppression lifts and welcome back goes out
        time.advance(Duration.ofDays(30));
        api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"VISIT\"}");
        time.runDueJobs();
        dispatcher.dispatchDue();
        assertThat(api.get("/api/contacts/" + id).json().get("suppressedAt").isNull()).isTrue();
        assertThat(received(eve)).hasSize(2);
        assertThat(received(eve).get(1).getSubject()).isEqualTo("Eve, thank you for your visit and welcome back");
    }

    @Test
    void bouncesHardMakeTheAddressInvalid_softAreSentAgain_threeSoftInARowCountAsHard() throws Exception {
        JsonNode ann = signUp("Ann", "en");
        JsonNode ben = signUp("Ben", "en");
        long annId = ann.get("id").asLong();
        long benId = ben.get("id").asLong();
        travel(30);
        dispatcher.dispatchDue();
        long annMessage = single(outbox(annId)).get("id").asLong();
        long benMessage = single(outbox(benId)).get("id").asLong();

        // Ann: hard bounce -> invalid address, relaunch 2 is never sent to it
        assertThat(bounce(annId, annMessage, "HARD").status()).isEqualTo(202);
        assertThat(api.get("/api/contacts/" + annId).json().get("emailStatus").asText()).isEqualTo("HARD_BOUNCE");
        assertThat(api.get("/api/outbox/" + annMessage).json().get("status").asText()).isEqualTo("FAILED");

        // Ben: soft bounce -> sent again 4 hours later
        bounce(benId, benMessage, "SOFT");
        assertThat(api.get("/api/contacts/" + benId).json().get("emailStatus").asText()).isEqualTo("SOFT_BOUNCE");
        time.advance(Duration.ofHours(4));
        dispatcher.dispatchDue();
        assertThat(received(ben)).hasSize(2);
        // two more soft bounces in a row: the address counts as invalid, the message is not tried again
        bounce(benId, benMessage, "SOFT");
        bounce(benId, benMessage, "SOFT");
        assertThat(api.get("/api/contacts/" + benId).json().get("emailStatus").asText()).isEqualTo("HARD_BOUNCE");
        time.advance(Duration.ofHours(4));
        dispatcher.dispatchDue();
        assertThat(received(ben)).hasSize(2);
        assertThat(api.get("/api/outbox/" + benMessage).json().get("skipReason").asText()).isEqualTo("EMAIL_INVALID");

        travel(37);
        dispatcher.dispatchDue();
        assertThat(received(ann)).hasSize(1);
        assertThat(outbox(annId).get(0).get("skipReason").asText()).isEqualTo("EMAIL_INVALID");

        Api.Response noKind = api.post("/api/events", "{\"contactId\":" + annId + ",\"type\":\"BOUNCED\"}");
        assertThat(noKind.status()).isEqualTo(400);
        assertThat(noKind.body()).contains("bounce");
        assertThat(api.post("/api/events", "{\"contactId\":" + annId + ",\"type\":\"VISIT\",\"bounce\":\"HARD\"}")
                .status()).isEqualTo(400);
    }

    private Api.Response bounce(long contactId, long messageId, String kind) {
        return api.post("/api/events", "{\"contactId\":" + contactId + ",\"type\":\"BOUNCED\",\"bounce\":\"" + kind
                + "\",\"messageId\":" + messageId + "}");
    }

    @Test
    void everyEmailHasAOneClickUnsubscribe_aGetChangesNothing_thePostUnsubscribesAtOnce() throws Exception {
        JsonNode lea = signUp("Léa", "fr");
        long id = lea.get("id").asLong();
        travel(30);
        dispatcher.dispatchDue();
        List<MimeMessage> mails = received(lea);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        String header = mail.getHeader("List-Unsubscribe")[0];
        assertThat(header).startsWith("<").endsWith(">").contains("/unsubscribe/");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(single(outbox(id)).get("bodyText").asText()).contains("Se désabonner : ").contains("/unsubscribe/");
        String path = java.net.URI.create(header.substring(1, header.length() - 1)).getPath();

        // a link scanner opens it: a confirmation page, nothing changes
        Api.Response page = api.get(path, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Me désabonner");
        assertThat(api.get("/api/contacts/" + id).json().get("emailUnsubscribedAt").isNull()).isTrue();
        assertThat(running(id)).isEqualTo(1);

        // the mail client's one click: a POST without login or cookie
        Api.Response click = api.post(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", null);
        assertThat(click.status()).isEqualTo(200);
        assertThat(click.body()).contains("vous ne recevrez plus nos offres par email")
                .contains("<a id=\"shop\" href=\"http://localhost:8080/\">Retour à la boutique</a>");
        assertThat(api.get("/api/contacts/" + id).json().get("emailUnsubscribedAt").isNull()).isFalse();
        assertThat(running(id)).as("the journey ended at once").isZero();
        assertThat(passed(id, "EndEvent_Unsubscribed")).isEqualTo(1);

        Api.Response forged = api.post(path.substring(0, path.length() - 2) + "xx", "", "application/x-www-form-urlencoded",
                null);
        assertThat(forged.status()).isEqualTo(404);
        assertThat(api.get("/unsubscribe/not-a-token", null).status()).isEqualTo(404);
    }

    @Test
    void withoutAChannelAnUnsubscribeByExternalIdStopsEveryChannel() {
        String externalId = "unsub-" + UUID.randomUUID();
        long id = api.post("/api/contacts", signUpJson(externalId, "John", "en")).json().get("id").asLong();
        time.runDueJobs();
        travel(4);

        Api.Response accepted = api.post("/api/events",
                "{\"externalId\":\"" + externalId + "\",\"type\":\"UNSUBSCRIBED\"}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(running(id)).isZero();
        JsonNode contact = api.get("/api/contacts/" + id).json();
        Instant at = J.plus(Duration.ofDays(4));
        assertThat(Instant.parse(contact.get("emailUnsubscribedAt").asText())).isEqualTo(at);
        assertThat(Instant.parse(contact.get("smsUnsubscribedAt").asText())).isEqualTo(at);
        assertThat(contact.get("emailConsent").asBoolean()).isFalse();
        assertThat(contact.get("smsConsent").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT channel FROM contact_event WHERE contact_id = ?").param(id)
                .query(String.class).single()).isEqualTo("ALL");
        travel(30);
        assertThat(outbox(id).size()).as("the journey ended before J+30: no step wrote anything").isZero();
    }

    @Test
    void aSuppressedContactsEmailIsSkipped_whetherSuppressedBeforeTheStepOrBeforeDelivery() throws Exception {
        JsonNode early = signUp("Paul", "fr");
        JsonNode late = signUp("Léa", "fr");
        JsonNode other = signUp("Hugo", "en");
        travel(20);
        contacts.suppress(early.get("id").asLong(), "FINAL_REMOVAL", time.now());

        travel(30);
        contacts.suppress(late.get("id").asLong(), "FINAL_REMOVAL", time.now());
        assertThat(single(outbox(late.get("id").asLong())).get("status").asText()).isEqualTo("PENDING");
        dispatcher.dispatchDue();

        assertThat(received(early)).isEmpty();
        assertThat(received(late)).isEmpty();
        assertThat(received(other)).hasSize(1);
        for (JsonNode suppressed : List.of(early, late)) {
            long id = suppressed.get("id").asLong();
            JsonNode message = single(outbox(id));
            assertThat(message.get("status").asText()).isEqualTo("SKIPPED");
            assertThat(message.get("skipReason").asText()).isEqualTo("SUPPRESSED");
            JsonNode contact = api.get("/api/contacts/" + id).json();
            assertThat(contact.get("suppressedAt").isNull()).isFalse();
            assertThat(contact.get("emailUnsubscribedAt").isNull()).isTrue();
        }
        assertThat(single(outbox(early.get("id").asLong())).get("offerCode").isNull())
                .as("no offer minted for a suppressed contact").isTrue();
        assertThat(Instant.parse(api.get("/api/contacts/" + early.get("id").asLong()).json().get("suppressedAt")
                .asText())).isEqualTo(J.plus(Duration.ofDays(20)));
    }

    @Test
    void aBadChannelGetsAProblemAndWritesNothing() {
        JsonNode zoe = signUp("Zoé", "fr");
        long id = zoe.get("id").asLong();
        long eventsBefore = count("contact_event");

        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"UNSUBSCRIBED\","
                + "\"channel\":\"PIGEON\"}"), 400, "expected one of [EMAIL, SMS, ALL]");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"UNSUBSCRIBED\","
                + "\"channel\":\"email\"}"), 400, "channel");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"UNSUBSCRIBED\","
                + "\"channel\":42}"), 400, "channel");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"UNSUBSCRIBED\","
                + "\"channel\":1}"), 400, "channel");
        assertProblem(api.post("/api/events", "{\"contactId\":" + id + ",\"type\":\"VISIT\","
                + "\"channel\":\"EMAIL\"}"), 400, "channel");
        assertProblem(api.post("/api/events", "{\"contactId\":999999999,\"type\":\"UNSUBSCRIBED\"}"), 404,
                "No contact");

        assertThat(count("contact_event")).isEqualTo(eventsBefore);
        JsonNode contact = api.get("/api/contacts/" + id).json();
        assertThat(contact.get("emailUnsubscribedAt").isNull()).isTrue();
        assertThat(contact.get("smsUnsubscribedAt").isNull()).isTrue();
        assertThat(contact.get("emailConsent").asBoolean()).isTrue();
        assertThat(running(id)).as("the journey still waits for J+30").isEqualTo(1);
    }

    /**
     * The three ways people unsubscribe: the mail client's one click (List-Unsubscribe), the footer link of the email
     * (a page, then its button), an SMS STOP. Each counts once, for the message it answered: its journey, step,
     * channel and template. Posting the one click again stores nothing and counts nothing more.
     */
    @Test
    void unsubscribesByLinkHeaderFooterAndSmsStopCountForTheirMessages_aRepeatedOneClickCountsOnce() throws Exception {
        JsonNode before = api.get("/api/kpis").json();
        JsonNode ada = signUp("Ada", "en");
        JsonNode bob = signUp("Bob", "fr");
        long adaId = ada.get("id").asLong();
        long bobId = bob.get("id").asLong();
        travel(30);
        dispatcher.dispatchDue();
        long adaMessage = single(outbox(adaId)).get("id").asLong();
        long bobMessage = single(outbox(bobId)).get("id").asLong();
        String phone = "+336" + (10_000_000 + new java.util.Random().nextInt(89_999_999));
        long cyd = smsOnlyContactInWinBack("Cyd", phone);
        long cydSms = single(outbox(cyd)).get("id").asLong();
        smsDispatcher.dispatchDue();
        assertThat(smsProvider.idempotencyKeys()).contains("rekindle-sms-" + cydSms);
        time.advance(Duration.ofHours(2));

        // Ada: the mail client's one click, posted twice (a retry, a second click)
        String header = single(received(ada)).getHeader("List-Unsubscribe")[0];
        String oneClick = java.net.URI.create(header.substring(1, header.length() - 1)).getPath();
        for (int i = 0; i < 2; i++) {
            Api.Response click = api.post(oneClick, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded",
                    null);
            assertThat(click.status()).isEqualTo(200);
            assertThat(click.body()).contains("you will not get our offers by email");
        }
        // Bob: the footer link of the email he read; the page first, then its button
        String footer = java.net.URI.create(unsubscribeLinkIn(MailText.plain(single(received(bob))))).getPath();
        assertThat(api.get(footer, null).body()).contains("Me désabonner");
        assertThat(unsubscribes(bobId)).isEmpty();
        assertThat(api.post(footer, "", "application/x-www-form-urlencoded", null).status()).isEqualTo(200);
        // Cyd: STOP in answer to the win-back's SMS
        String stop = "{\"type\":\"SMS_REPLY\",\"phone\":\"" + phone + "\",\"text\":\"STOP\"}";
        assertThat(api.post("/api/events", stop).status()).isEqualTo(202);
        Api.Response stopAgain = api.post("/api/events", stop);
        assertThat(stopAgain.status()).as(stopAgain.body()).isEqualTo(200);
        assertThat(stopAgain.json().get("duplicate").asBoolean()).isTrue();

        assertThat(unsubscribes(adaId)).as("one event for two posts").containsExactly(adaMessage);
        assertThat(unsubscribes(bobId)).containsExactly(bobMessage);
        assertThat(unsubscribes(cyd)).containsExactly(cydSms);
        assertThat(api.get("/api/contacts/" + adaId).json().get("emailUnsubscribedAt").isNull()).isFalse();
        assertThat(api.get("/api/contacts/" + bobId).json().get("emailUnsubscribedAt").isNull()).isFalse();
        assertThat(api.get("/api/contacts/" + cyd).json().get("smsUnsubscribedAt").isNull()).isFalse();

        JsonNode after = api.get("/api/kpis").json();
        assertThat(unsubscribed(after.get("totals")) - unsubscribed(before.get("totals"))).isEqualTo(3);
        assertThat(unsubscribed(step(after, "new-signup-relaunch", "Task_SendRelaunch1"))
                - unsubscribed(step(before, "new-signup-relaunch", "Task_SendRelaunch1"))).isEqualTo(2);
        assertThat(unsubscribed(step(after, "inactive-winback", "Task_SendMissYouSms"))
                - unsubscribed(step(before, "inactive-winback", "Task_SendMissYouSms"))).isEqualTo(1);
        for (String filter : List.of("journey=new-signup-relaunch", "template=relaunch-1", "channel=EMAIL")) {
            assertThat(unsubscribed(api.get("/api/kpis?" + filter).json().get("totals"))).as(filter)
                    .isEqualTo(unsubscribed(before, filter) + 2);
        }
        for (String filter : List.of("journey=inactive-winback", "template=winback-miss-you", "channel=SMS")) {
            assertThat(unsubscribed(api.get("/api/kpis?" + filter).json().get("totals"))).as(filter)
                    .isEqualTo(unsubscribed(before, filter) + 1);
        }
    }

    /** The KPI figures of one step, or zeros when it has none yet. */
    private static JsonNode step(JsonNode kpis, String journey, String step) {
        for (JsonNode s : kpis.get("byStep")) {
            if (s.get("journey").asText().equals(journey) && s.get("step").asText().equals(step)) {
                return s.get("figures");
            }
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("unsubscribed", 0);
    }

    private static long unsubscribed(JsonNode figures) {
        return figures.get("unsubscribed").asLong();
    }

    /** The unsubscribed count of a filtered report as it was before this test (its figures, from its steps). */
    private static long unsubscribed(JsonNode before, String filter) {
        String[] kv = filter.split("=");
        long total = 0;
        for (JsonNode s : before.get("byStep")) {
            if (s.get(kv[0]).asText().equals(kv[1])) {
                total += unsubscribed(s.get("figures"));
            }
        }
        return total;
    }

    /** The message each of the contact's UNSUBSCRIBED events names. */
    private List<Long> unsubscribes(long contactId) {
        return jdbc.sql("SELECT message_id FROM contact_event WHERE contact_id = ? AND type = 'UNSUBSCRIBED'")
                .param(contactId).query(Long.class).list();
    }

    /** A contact reachable by SMS only, found INACTIVE: the win-back writes its SMS. */
    private long smsOnlyContactInWinBack(String firstName, String phone) {
        String externalId = "unsub-" + UUID.randomUUID();
        long id = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"phone\":\"" + phone + "\",\"firstName\":\"" + firstName + "\",\"locale\":\"fr\","
                + "\"emailConsent\":false,\"smsConsent\":true}").json().get("id").asLong();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(id))
                .setVariable("contactId", id).setVariable("segment", "INACTIVE").correlateAllWithResult();
        time.runDueJobs();
        return id;
    }

    private static String unsubscribeLinkIn(String text) {
        Matcher link = UNSUBSCRIBE_LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        return link.group();
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
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

    /** The contact's messages after the welcome, newest first. */
    private JsonNode outbox(long contactId) {
        var rows = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        api.get("/api/outbox?contactId=" + contactId).json().forEach(row -> {
            if (!Welcomes.isWelcome(row)) {
                rows.add(row);
            }
        });
        return rows;
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private void assertProblem(Api.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private JsonNode signUp(String firstName, String locale) {
        Api.Response response = api.post("/api/contacts", signUpJson("unsub-" + UUID.randomUUID(), firstName, locale));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs(); // the welcome leaves at sign-up; J+30 then counts from now
        return response.json();
    }

    private static String signUpJson(String externalId, String firstName, String locale) {
        return """
                {"externalId":"%s","email":"%s@example.com","phone":"+33612345678","firstName":"%s",
                 "locale":"%s","emailConsent":true,"smsConsent":true}""".formatted(externalId, externalId,
                firstName, locale);
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array.size()).as(array.toString()).isEqualTo(1);
        return array.get(0);
    }

    private List<MimeMessage> received(JsonNode contact) {
        return Inbox.afterWelcome(smtp, contact.get("email").asText());
    }
}
