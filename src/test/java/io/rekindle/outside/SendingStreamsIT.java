package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two sending streams configured purely through the documented variables, two SMTP servers: the win-back leaves
 * through the reactivation relay under its own sender and domains, the relaunch through today's SMTP settings, and
 * neither server sees the other stream's mail. The reactivation links carry the stream's own domain; the link works
 * when that name reaches the app (here: the same path under the app's address, as its DNS name would).
 */
@BothDatabases
class SendingStreamsIT extends OutsideInTest {

    private static final String LINKS = "https://links.win.example.com";
    /** The reactivation stream's relay; {@link #mailbox} is today's (lifecycle). */
    private final Mailbox reactivation = new Mailbox();

    @Override
    Map<String, String> settings() {
        return Map.of("REKINDLE_STREAMS_REACTIVATION_SMTP_HOST", "127.0.0.1",
                "REKINDLE_STREAMS_REACTIVATION_SMTP_PORT", String.valueOf(reactivation.port()),
                "REKINDLE_STREAMS_REACTIVATION_FROM", "Rekindle <bonjour@win.example.com>",
                "REKINDLE_STREAMS_REACTIVATION_REPLYTO", "care@win.example.com",
                "REKINDLE_STREAMS_REACTIVATION_MESSAGEIDDOMAIN", "m.win.example.com",
                "REKINDLE_STREAMS_REACTIVATION_PUBLICURL", LINKS);
    }

    @AfterAll
    void stopRelay() {
        reactivation.close();
    }

    @Test
    void theWinBackLeavesThroughTheReactivationRelay_theRelaunchThroughTodays_neitherSeesTheOther()
            throws MessagingException {
        long lapsed = signUp("oi-streams-lapsed", "lena@example.com", null, "Léna", "fr", true, false, longAgo());
        long newcomer = signUp("oi-streams-new", "noah@example.com", "Noah", "en");
        operator.fireTimer(operator.instanceOf("new-signup-relaunch", newcomer), "Timer_J30");
        classificationRun();

        await("the win-back email", () -> reactivation.to("lena@example.com").size() == 1);
        MimeMessage missYou = reactivation.to("lena@example.com").get(0);
        MimeMessage relaunch = awaitEmails("noah@example.com", 1).get(0);
        quietPeriod();
        assertThat(reactivation.all()).as("the reactivation relay: the win-back only").hasSize(1);
        assertThat(mailbox.afterWelcomes()).as("today's relay: the relaunch only, after Noah's welcome").hasSize(1);
        assertThat(mailbox.welcomesTo("noah@example.com")).as("the welcome is lifecycle mail").hasSize(1);

        assertThat(Mailbox.subject(missYou)).containsIgnoringCase("vous nous manquez");
        assertThat(missYou.getFrom()[0].toString()).contains("bonjour@win.example.com");
        assertThat(Mailbox.header(missYou, "Reply-To")).isEqualTo("care@win.example.com");
        assertThat(missYou.getMessageID()).endsWith("@m.win.example.com>");
        assertThat(Mailbox.links(missYou)).isNotEmpty().allMatch(link -> link.startsWith(LINKS + "/")
                || !link.contains("/t/") && !link.contains("/unsubscribe/") && !link.contains("/preferences/"));
        assertThat(Mailbox.text(missYou)).contains(LINKS + "/unsubscribe/").contains(LINKS + "/preferences/");

        assertThat(relaunch.getFrom()[0].toString()).contains("no-reply@rekindle.local");
        assertThat(relaunch.getMessageID()).endsWith("@rekindle.local>");
        assertThat(Mailbox.link(relaunch, "/t/o/")).startsWith(app.baseUrl() + "/t/o/");

        assertThat(outbox(lapsed).get(0).get("stream").asText()).isEqualTo("reactivation");
        assertThat(outbox(newcomer).get(0).get("stream").asText()).isEqualTo("lifecycle");
        JsonNode byStream = kpis().get("byStream");
        assertThat(byStream.toString()).contains("\"stream\":\"lifecycle\",\"sent\":2", // the welcome, the relaunch
                "\"stream\":\"reactivation\",\"sent\":1");

        // the one-click unsubscribe of the win-back, sent to the app under the stream's link name
        String oneClick = ChannelsIT.oneClickUrl(missYou);
        assertThat(oneClick).startsWith(LINKS + "/unsubscribe/");
        var response = anonymous.postForm(app.baseUrl() + oneClick.substring(LINKS.length()),
                "List-Unsubscribe=One-Click");
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
        assertThat(contact(lapsed).get("emailUnsubscribedAt").isNull()).as("emailUnsubscribedAt").isFalse();
    }
}
