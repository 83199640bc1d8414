package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * The win-back as shipped: existing customers loaded with their old sign-up date, a classification run requested
 * over HTTP as an analyst does, the win-back started by the run; « vous nous manquez » by email through the
 * deliverability ramp, or by SMS for an address that hard-bounced; a purchase brings welcome back. The « vous nous
 * manquez » email offers the preference centre: a contact who pauses there gets no welcome back when she buys.
 */
@BothDatabases
class WinBackIT extends OutsideInTest {

    @Override
    Map<String, String> settings() {
        // SMS go out whatever the hour the suite runs (the quiet hours are Mon–Sat 08–20 Paris)
        return Map.of("REKINDLE_SMS_WINDOW_ENABLED", "false");
    }

    @Test
    void theDailyRunFindsThemInactive_emailThroughTheRampOrSmsAfterAHardBounce_aPurchaseWelcomesBack() {
        long byEmail = signUp("oi-wb-mail", "martine@example.com", null, "Martine", "fr", true, false, longAgo());
        long bySms = signUp("oi-wb-sms", "simon@example.com", "+33622334455", "Simon", "fr", true, true, longAgo());
        long pausing = signUp("oi-wb-pause", "paula@example.com", null, "Paula", "fr", true, false, longAgo());
        assertThat(operator.historyOf("new-signup-relaunch", byEmail)).as("an existing customer: no relaunch").isEmpty();
        event("{\"contactId\":" + bySms + ",\"type\":\"BOUNCED\",\"bounce\":\"HARD\"}").expect(202);

        JsonNode run = classificationRun();
        assertThat(run.get("segmentCounts").path("INACTIVE").asLong()).as(run.toString()).isEqualTo(3);

        String winBack = operator.instanceOf("inactive-winback", byEmail);
        MimeMessage missYou = awaitEmails("martine@example.com", 1).get(0);
        assertThat(Mailbox.subject(missYou)).containsIgnoringCase("vous nous manquez");
        assertThat(Mailbox.text(missYou)).containsPattern("RK-[A-Z0-9]{8}");
        // inactive now: the shipped marketing-pressure table lets one marketing message through per fortnight
        JsonNode pressure = api.get("/api/contacts/" + byEmail + "/pressure").expect(200).json();
        assertThat(pressure.get("limit").asText()).as(pressure.toString()).isEqualTo("INACTIVE: 1 per 14 days");
        assertThat(pressure.get("messagesInPeriod").asInt()).as(pressure.toString()).isEqualTo(1);
        assertThat(java.time.Instant.parse(pressure.get("nextAllowedAt").asText())).as(pressure.toString())
                .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(13)));

        await("the win-back SMS", () -> sms.to("+33622334455").size() == 1);
        assertThat(sms.to("+33622334455").get(0).text()).contains("Simon").contains("STOP");
        JsonNode smsWinBack = operator.historyOf("inactive-winback", bySms).get(0);
        assertThat(operator.passed(smsWinBack.get("id").asText())).contains("Task_SendMissYouSms")
                .doesNotContain("Task_JoinRamp", "Task_SendMissYouEmail");
        assertThat(operator.passed(winBack)).containsSubsequence("Task_SelectChannel", "Task_JoinRamp",
                "Task_SendMissYouEmail");

        // she buys: welcome back, and the win-back is over
        event("{\"contactId\":" + byEmail + ",\"type\":\"PURCHASE\",\"amount\":59.90}").expect(202);
        MimeMessage welcome = awaitEmails("martine@example.com", 2).get(1);
        assertThat(Mailbox.subject(welcome)).containsIgnoringCase("bon retour parmi nous");
        await("the win-back ends", () -> operator.state(winBack).equals("COMPLETED"));
        assertThat(operator.passed(winBack)).contains("EndEvent_CameBack");

        // Paula follows « Gérer mes préférences » from her « vous nous manquez » (our page: no click tracking) and pauses
        String preferences = Mailbox.link(awaitEmails("paula@example.com", 1).get(0), "/preferences/");
        assertThat(anonymous.get(preferences).expect(200).body()).contains("Gérer mes préférences");
        assertThat(anonymous.postForm(preferences, "channel=EMAIL&topic=offers&topic=news&topic=loyalty"
                + "&frequency=PAUSE_3_MONTHS").expect(200).body()).contains("Vos préférences sont enregistrées");
        event("{\"contactId\":" + pausing + ",\"type\":\"PURCHASE\",\"amount\":20}").expect(202);
        await("Paula's welcome back, skipped", () -> outbox(pausing).toString().contains("PREFERENCE_PAUSED"));
        JsonNode skipped = outbox(pausing).get(0);
        assertThat(skipped.get("template").asText()).as(skipped.toString()).isEqualTo("welcome-back");
        assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(api.get("/api/contacts/" + pausing).expect(200).json().get("preferences").get("frequency")
                .asText()).isEqualTo("PAUSE_3_MONTHS");

        quietPeriod();
        assertThat(mailbox.to("paula@example.com")).as("the pause holds").hasSize(1);
        assertThat(mailbox.to("simon@example.com")).as("a hard-bounced address gets no email").isEmpty();
        assertThat(mailbox.to("martine@example.com")).hasSize(2);
        assertThat(sms.received()).hasSize(1);
        assertThat(operator.openIncidents()).as(operator.incidents()).isZero();

        // what Cockpit shows of the email win-back: it went on because its send slot was granted
        assertThat(operator.variable(winBack, "sendSlotGranted")).as("sendSlotGranted").isNotNull();
        assertThat(operator.variable(winBack, "sendSlotGranted").asBoolean()).as("sendSlotGranted").isTrue();
    }
}
