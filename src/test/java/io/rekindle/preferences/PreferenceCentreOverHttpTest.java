package io.rekindle.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.pressure.MarketingPressure;
import io.rekindle.sms.SmsDispatcher;
import io.rekindle.support.Api;
import io.rekindle.support.Inbox;
import io.rekindle.support.MailText;
import io.rekindle.support.HeadlessChromium;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.Welcomes;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The preference centre end to end: the link of a real email (GreenMail) opened in Chromium, choices saved over HTTP
 * and then honoured when journeys write messages and when dispatchers deliver them (channel, topic, pause, the
 * frequency that tightens the marketing-pressure cap), shown by the contact and pressure APIs, counted in the KPIs,
 * exported and erased with the contact. H2 and PostgreSQL.
 */
@RekindleIntegrationTest(properties = {"rekindle.sms.enabled=true", "rekindle.sms.scheduled=false"})
class PreferenceCentreOverHttpTest extends OverHttp {

    private static final Instant J = Instant.parse("2026-06-01T07:30:00Z");
    private static final Pattern PREFERENCE_LINK = Pattern.compile("https?://\\S+?/preferences/[A-Za-z0-9_.-]+");
    private static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    SmsDispatcher smsDispatcher;
    @Autowired
    PreferenceLinks links;
    @Autowired
    MarketingPressure pressure;
    @Autowired
    PreferenceService service;

    @Override
    protected Instant start() {
        return J;
    }

    /** The « Gérer mes préférences » link of relaunch 1 as GreenMail received it, opened in a real browser. */
    @Test
    void theLinkOfARealEmailOpensThePageInChromium_choicesMadeInFrenchAreSavedWithTheirTime() throws Exception {
        JsonNode lea = signUp("Léa", "fr");
        long id = lea.get("id").asLong();
        travel(30);
        dispatcher.dispatchDue();
        String text = MailText.plain(single(received(lea)));
        assertThat(text).contains("Gérer mes préférences : ");
        String path = URI.create(linkIn(text)).getPath();
        time.advance(Duration.ofHours(3));

        WebDriver browser = HeadlessChromium.start("the preference page");
        try {
            browser.get("http://localhost:" + port + path);
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Gérer mes préférences");
            assertThat(browser.findElement(By.id("channel-EMAIL")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("channel-SMS")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("topic-news")).isSelected()).isTrue();
            assertThat(browser.findElement(By.id("frequency-AS_USUAL")).isSelected()).isTrue();
            assertThat(browser.findElement(By.cssSelector("label:has(#topic-offers)")).getText())
                    .isEqualTo("Offres et codes de réduction");

            browser.findElement(By.id("channel-SMS")).click();
            browser.findElement(By.id("topic-news")).click();
            browser.findElement(By.id("frequency-WEEKLY")).click();
            browser.findElement(By.id("save")).click();

            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(b -> !b.findElements(By.id("confirmation")).isEmpty());
            assertThat(browser.findElement(By.id("confirmation")).getText())
                    .isEqualTo("Vos préférences sont enregistrées. Merci !");
            WebElement shop = browser.findElement(By.id("shop"));
            assertThat(shop.getText()).isEqualTo("Retour à la boutique");
            assertThat(shop.getAttribute("href")).as("rekindle.mail.shop-url, as in the emails")
                    .isEqualTo("http://localhost:8080/");
        } finally {
            browser.quit();
        }

        JsonNode preferences = api.get("/api/contacts/" + id).json().get("preferences");
        assertThat(preferences.get("email").asBoolean()).isTrue();
        assertThat(preferences.get("sms").asBoolean()).isFalse();
        assertThat(preferences.get("topicsOff").toString()).isEqualTo("[\"news\"]");
        assertThat(preferences.get("frequency").asText()).isEqualTo("WEEKLY");
        assertThat(Instant.parse(preferences.get("updatedAt").asText())).isEqualTo(time.now());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_preference_change WHERE contact_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
        // the page shows what is stored
        assertThat(api.get(path, null).body()).containsPattern("id=\"frequency-WEEKLY\"[^>]*checked")
                .doesNotContainPattern("id=\"channel-SMS\"[^>]*checked");
    }

    @Test
    void aChannelTurnedOffSkipsTheEmailWaitingInTheOutboxAndTheWinBackSms() throws Exception {
        JsonNode ana = signUp("Ana", "en");
        long anaId = ana.get("id").asLong();
        travel(30);
        assertThat(single(outbox(anaId)).get("status").asText()).isEqualTo("PENDING");
        assertThat(save(anaId, "channel=SMS&topic=offers&topic=news&topic=loyalty&frequency=AS_USUAL").status())
                .isEqualTo(200);
        dispatcher.dispatchDue();
        assertThat(received(ana)).isEmpty();
        assertThat(single(outbox(anaId)).get("skipReason").asText()).isEqualTo(PreferenceService.CHANNEL_OFF);

        String phone = "+336" + (10_000_000 + new java.util.Random().nextInt(89_999_999));
        long cyd = smsOnlyContact("Cyd", phone);
        save(cyd, "channel=EMAIL&topic=offers&topic=news&topic=loyalty&frequency=AS_USUAL");
        enterWinBack(cyd);
        JsonNode sms = single(outbox(cyd));
        assertThat(sms.get("channel").asText()).isEqualTo("SMS");
        assertThat(sms.get("status").asText()).as("refused when written").isEqualTo("SKIPPED");
        assertThat(sms.get("skipReason").asText()).isEqualTo(PreferenceService.CHANNEL_OFF);
        assertThat(sms.get("offerCode").isNull()).as("no offer minted").isTrue();
    }

    @Test
    void aTopicTurnedOffSkipsItsTemplatesOnly() throws Exception {
        JsonNode tom = signUpEmailOnly("Tom", "en");
        long id = tom.get("id").asLong();
        save(id, "channel=EMAIL&channel=SMS&topic=offers&topic=loyalty&frequency=AS_USUAL");
        travel(30);
        JsonNode relaunch = single(outbox(id));
        assertThat(relaunch.get("template").asText()).isEqualTo("relaunch-1");
        assertThat(relaunch.get("skipReason").asText()).isEqualTo(PreferenceService.TOPIC_OFF);

        enterWinBack(id);
        dispatcher.dispatchDue();
        assertThat(received(tom)).singleElement().satisfies(m -> assertThat(m.getSubject()).contains("miss you"));
    }

    /** At most one a week: a minute before the week is over the next message waits; a minute after, it goes. */
    @Test
    void weeklyTightensTheCapOfTheSegment_theStricterApplies() throws Exception {
        JsonNode eva = signUp("Eva", "en");
        long id = eva.get("id").asLong();
        travel(30);
        dispatcher.dispatchDue();
        Instant sent = Instant.parse(single(outbox(id)).get("sentAt").asText());
        save(id, "channel=EMAIL&channel=SMS&topic=offers&topic=news&topic=loyalty&frequency=WEEKLY");
        assertThat(api.get("/api/contacts/" + id).json().get("preferences").get("frequency").asText())
                .isEqualTo("WEEKLY");
        Frequency.Cap weekly = Frequency.WEEKLY.cap();
        // the segment's own cap, 2 per 7 days, is looser than one a week
        jdbc.sql("UPDATE contact SET segment = 'RECENT_ACTIVITY' WHERE id = ?").param(id).update();

        Instant week = sent.plus(Duration.ofDays(7));
        var before = pressure.decide(id, -1, "winback-miss-you", week.minus(Duration.ofMinutes(1)), weekly);
        assertThat(before).isInstanceOfSatisfying(MarketingPressure.Defer.class, defer -> {
            assertThat(defer.until()).isEqualTo(week);
            assertThat(defer.limit()).startsWith("preference WEEKLY: 1 per 7 days (stricter than");
        });
        assertThat(pressure.decide(id, -1, "winback-miss-you", week.plus(Duration.ofMinutes(1)), weekly))
                .isInstanceOf(MarketingPressure.Send.class);
        assertThat(pressure.decide(id, -1, "winback-miss-you", week.minus(Duration.ofMinutes(1)), null))
                .as("without the choice, the segment's 2 per 7 days has room").isInstanceOf(MarketingPressure.Send.class);

        JsonNode explained = api.get("/api/contacts/" + id + "/pressure").json();
        assertThat(explained.get("preferenceApplied").asBoolean()).isTrue();
        assertThat(explained.get("preference").get("frequency").asText()).isEqualTo("WEEKLY");
        assertThat(explained.get("maxMessages").asInt()).isEqualTo(1);
        assertThat(explained.get("periodDays").asInt()).isEqualTo(7);

        // an INACTIVE contact's own cap, 1 per 14 days, is stricter than one a week: it stays
        jdbc.sql("UPDATE contact SET segment = 'INACTIVE' WHERE id = ?").param(id).update();
        explained = api.get("/api/contacts/" + id + "/pressure").json();
        assertThat(explained.get("preferenceApplied").asBoolean()).isFalse();
        assertThat(explained.get("limit").asText()).isEqualTo("INACTIVE: 1 per 14 days");
    }

    @Test
    void aPauseSkipsMarketingUntilItsEnd_thenItResumes_theFarewellIsNotHeldBack() throws Exception {
        JsonNode paul = signUpEmailOnly("Paul", "fr");
        long id = paul.get("id").asLong();
        travel(2);
        save(id, "channel=EMAIL&channel=SMS&topic=offers&topic=news&topic=loyalty&frequency=PAUSE_3_MONTHS");
        Instant end = J.plus(Duration.ofDays(2)).atZone(ZoneOffset.UTC).plusMonths(3).toInstant();
        JsonNode preferences = api.get("/api/contacts/" + id).json().get("preferences");
        assertThat(preferences.get("frequency").asText()).isEqualTo("PAUSE_3_MONTHS");
        assertThat(Instant.parse(preferences.get("pausedUntil").asText())).isEqualTo(end);
        // saving again while paused keeps the end
        time.advance(Duration.ofDays(1));
        save(id, "channel=EMAIL&channel=SMS&topic=offers&topic=news&topic=loyalty&frequency=PAUSE_3_MONTHS");
        assertThat(Instant.parse(api.get("/api/contacts/" + id).json().get("preferences").get("pausedUntil")
                .asText())).isEqualTo(end);

        travel(30);
        assertThat(single(outbox(id)).get("skipReason").asText()).isEqualTo(PreferenceService.PAUSED);

        Preferences stored = service.of(id);
        assertThat(service.refusal(stored, "EMAIL", "winback-miss-you", end.minus(Duration.ofMinutes(1))))
                .as("a minute before the end").isEqualTo(PreferenceService.PAUSED);
        assertThat(service.refusal(stored, "EMAIL", "winback-miss-you", end.plus(Duration.ofMinutes(1))))
                .as("a minute after").isNull();
        time.travelTo(end.plus(Duration.ofMinutes(1)));
        assertThat(api.get("/api/contacts/" + id).json().get("preferences").get("frequency").asText())
                .isEqualTo("AS_USUAL");
        enterWinBack(id);
        dispatcher.dispatchDue();
        assertThat(received(paul)).singleElement().satisfies(m -> assertThat(m.getSubject()).contains("manquez"));

        // paused again: the farewell (transactional) still leaves
        time.advance(Duration.ofDays(1));
        save(id, "channel=EMAIL&channel=SMS&topic=offers&topic=news&topic=loyalty&frequency=PAUSE_3_MONTHS");
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "test: straight to the final removal"));
        runtime.createProcessInstanceByKey("final-removal").businessKey(String.valueOf(id))
                .setVariable("contactId", id).execute();
        time.runDueJobs();
        dispatcher.dispatchDue();
        assertThat(received(paul)).hasSize(2);
    }

    @Test
    void unsubscribeFromEverythingEndsTheJourneys_kpisCountChoicesChangesAndUnsubscribes_gdprExportsAndErases() {
        JsonNode before = api.get("/api/kpis").json().get("preferences");
        JsonNode zoe = signUp("Zoé", "fr");
        long zoeId = zoe.get("id").asLong();
        JsonNode max = signUp("Max", "en");
        long maxId = max.get("id").asLong();
        time.advance(Duration.ofHours(1));
        save(maxId, "channel=EMAIL&topic=offers&frequency=MONTHLY");
        save(zoeId, "channel=EMAIL&channel=SMS&topic=offers&topic=news&topic=loyalty&frequency=WEEKLY");

        Api.Response all = save(zoeId, "action=unsubscribe-all");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("Vous êtes désabonné(e) de tous nos messages marketing.");
        JsonNode contact = api.get("/api/contacts/" + zoeId).json();
        assertThat(contact.get("emailUnsubscribedAt").isNull()).isFalse();
        assertThat(contact.get("smsUnsubscribedAt").isNull()).isFalse();
        assertThat(contact.get("preferences").get("email").asBoolean()).isFalse();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(zoeId)).count())
                .as("the relaunch journey ended").isZero();
        assertThat(jdbc.sql("SELECT channel FROM contact_event WHERE contact_id = ? AND type = 'UNSUBSCRIBED'")
                .param(zoeId).query(String.class).single()).isEqualTo("ALL");

        JsonNode after = api.get("/api/kpis").json().get("preferences");
        assertThat(after.get("contactsWhoChose").asLong() - before.get("contactsWhoChose").asLong()).isEqualTo(2);
        assertThat(after.get("changes").asLong() - before.get("changes").asLong()).isEqualTo(2);
        assertThat(after.get("unsubscribedAll").asLong() - before.get("unsubscribedAll").asLong()).isEqualTo(1);
        assertThat(after.get("smsOff").asLong() - before.get("smsOff").asLong()).isEqualTo(2);
        assertThat(after.get("emailOff").asLong() - before.get("emailOff").asLong()).isEqualTo(1);
        assertThat(after.get("frequency").path("MONTHLY").asLong() - before.get("frequency").path("MONTHLY").asLong())
                .isEqualTo(1);
        assertThat(after.get("topicOff").path("loyalty").asLong() - before.get("topicOff").path("loyalty").asLong())
                .isEqualTo(1);
        String period = "/api/kpis?from=" + time.now().minus(Duration.ofMinutes(1)) + "&to="
                + time.now().plus(Duration.ofMinutes(1));
        JsonNode inPeriod = api.get(period).json().get("preferences");
        assertThat(inPeriod.get("changes").asLong()).as("this test's, in the period of its changes").isEqualTo(2);
        assertThat(inPeriod.get("unsubscribedAll").asLong()).isEqualTo(1);

        JsonNode export = api.get("/api/contacts/" + maxId + "/export").json();
        assertThat(export.toString()).contains("\"preferences\"").contains("MONTHLY");
        Api.Response erased = api.send("DELETE", "/api/contacts/" + maxId, null, null,
                Api.basic(Api.USER, Api.PASSWORD));
        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_preference WHERE contact_id = ?").param(maxId)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_preference_change WHERE contact_id = ?").param(maxId)
                .query(Long.class).single()).isZero();
        assertThat(api.get(URI.create(links.urlFor(maxId)).getPath(), null).status())
                .as("an erased contact's link opens nothing").isEqualTo(404);
    }

    /**
     * The page is no opt-in: a channel without consent shows off, cannot be ticked, and a POST naming it anyway changes
     * nothing for it; a consent given later (over the API) is not cancelled by the page saved meanwhile.
     */
    @Test
    void aChannelWithoutConsentShowsOffAndTheFormCannotTurnItOn_aLaterConsentStands() {
        long id = signUpEmailOnly("Noé", "fr").get("id").asLong();
        String path = URI.create(links.urlFor(id)).getPath();

        String page = api.get(path, null).body();
        assertThat(page).containsPattern("id=\"channel-SMS\"[^>]*disabled").doesNotContainPattern(
                "id=\"channel-SMS\"[^>]*checked").containsPattern("id=\"channel-EMAIL\"[^>]*checked")
                .doesNotContainPattern("id=\"channel-EMAIL\"[^>]*disabled").contains("id=\"no-consent-SMS\"")
                .doesNotContain("id=\"no-consent-EMAIL\"");

        assertThat(save(id, "channel=EMAIL&frequency=WEEKLY").status()).isEqualTo(200);
        JsonNode stored = api.get("/api/contacts/" + id).json();
        assertThat(stored.get("preferences").get("sms").asBoolean()).as("untouched: the page did not offer it")
                .isTrue();
        assertThat(stored.get("smsConsent").asBoolean()).isFalse();
        assertThat(save(id, "channel=EMAIL&channel=SMS&frequency=WEEKLY").status()).isEqualTo(200);
        assertThat(api.get("/api/contacts/" + id).json().get("smsConsent").asBoolean())
                .as("ticking a channel on the page gives no consent").isFalse();

        Api.Response consent = api.send("PATCH", "/api/contacts/" + id, "{\"phone\":\"+33611223344\","
                + "\"smsConsent\":true}", "application/merge-patch+json", Api.basic(Api.USER, Api.PASSWORD));
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
        assertThat(api.get(path, null).body()).containsPattern("id=\"channel-SMS\"[^>]*checked")
                .doesNotContainPattern("id=\"channel-SMS\"[^>]*disabled").doesNotContain("id=\"no-consent-SMS\"");
    }

    @Test
    void aChoiceNotOfferedIsAProblemAndWritesNothing_aForgedLinkIsAPlainNotFound() {
        JsonNode ida = signUp("Ida", "en");
        long id = ida.get("id").asLong();
        for (String form : List.of("channel=PIGEON&frequency=AS_USUAL", "channel=EMAIL&topic=gossip&frequency=WEEKLY",
                "channel=EMAIL&frequency=DAILY", "channel=EMAIL")) {
            Api.Response bad = save(id, form);
            assertThat(bad.status()).as(form).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
        }
        assertThat(save(id, "channel=EMAIL&topic=gossip&frequency=WEEKLY").json().get("detail").asText())
                .contains("topic");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_preference_change WHERE contact_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(api.get("/api/contacts/" + id).json().get("preferences").get("updatedAt").isNull()).isTrue();

        String path = URI.create(links.urlFor(id)).getPath();
        String forged = path.substring(0, path.length() - 2) + (path.endsWith("xx") ? "yy" : "xx");
        for (Api.Response response : List.of(api.get(forged, null), api.post(forged, "frequency=WEEKLY", FORM, null),
                api.get("/preferences/not-a-token", null))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).contains("This link is not (or no longer) valid").doesNotContain("Ida");
        }
        // a survey or unsubscribe token is not a preference token
        String unsubscribe = jdbc.sql("SELECT body_text FROM outbox_message WHERE contact_id = ?").param(id)
                .query(String.class).list().get(0);
        Matcher other = Pattern.compile("/unsubscribe/([A-Za-z0-9_.-]+)").matcher(unsubscribe);
        assertThat(other.find()).isTrue();
        assertThat(api.get("/preferences/" + other.group(1), null).status()).isEqualTo(404);
    }

    private Api.Response save(long contactId, String form) {
        return api.post(URI.create(links.urlFor(contactId)).getPath(), form, FORM, null);
    }

    private long smsOnlyContact(String firstName, String phone) {
        String externalId = "prefs-" + UUID.randomUUID();
        long id = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"phone\":\"" + phone + "\",\"firstName\":\"" + firstName + "\",\"locale\":\"fr\","
                + "\"emailConsent\":false,\"smsConsent\":true}").json().get("id").asLong();
        time.runDueJobs();
        return id;
    }

    /** The contact found INACTIVE: its other journeys end, the win-back writes « Vous nous manquez ». */
    private void enterWinBack(long id) {
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "test: found inactive"));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(id))
                .setVariable("contactId", id).setVariable("segment", "INACTIVE").correlateAllWithResult();
        time.runDueJobs();
    }

    private static String linkIn(String text) {
        Matcher link = PREFERENCE_LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        return link.group();
    }

    private void travel(int day) {
        time.travelTo(J.plus(Duration.ofDays(day)));
        time.runDueJobs();
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

    private JsonNode signUp(String firstName, String locale) {
        String externalId = "prefs-" + UUID.randomUUID();
        Api.Response response = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","phone":"+33612345678","firstName":"%s",
                 "locale":"%s","emailConsent":true,"smsConsent":true}""".formatted(externalId, externalId,
                firstName, locale));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs(); // the welcome leaves at sign-up
        return response.json();
    }

    /** Reachable by email only: the win-back's channel is email. */
    private JsonNode signUpEmailOnly(String firstName, String locale) {
        String externalId = "prefs-" + UUID.randomUUID();
        Api.Response response = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","firstName":"%s","locale":"%s","emailConsent":true,
                 "smsConsent":false}""".formatted(externalId, externalId, firstName, locale));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs();
        return response.json();
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array.size()).as(array.toString()).isEqualTo(1);
        return array.get(0);
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private List<MimeMessage> received(JsonNode contact) {
        return Inbox.afterWelcome(smtp, contact.get("email").asText());
    }
}
