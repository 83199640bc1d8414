package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.BothDatabases;

import org.junit.jupiter.api.Test;

/**
 * What people do with the messages they receive, as their mail client, browser or phone does it: one-click
 * unsubscribe from the {@code List-Unsubscribe} header, the footer link, an SMS STOP, the open pixel and a click; a
 * mail security gateway fetching every link on delivery (no comeback) before the person's own click (welcome back).
 * Counted at the SMTP and SMS servers, then read back from the contact and KPI APIs. A node restarted while the SMTP
 * server is down is ready (what a load balancer asks); only its whole health shows the mail server down.
 */
@BothDatabases
class ChannelsIT extends OutsideInTest {

    static final String SHOP = "https://shop.example.com/";
    /** REKINDLE_TRACKING_ROBOTS_AFTERDELIVERY, and a little more. */
    private static final long SCANNER_WINDOW_MILLIS = 11_000;

    @Override
    Map<String, String> settings() {
        // a short backoff so the message that met the SMTP outage is tried again within the test; SMS whatever the
        // hour (the quiet hours are Mon–Sat 08–20 Paris); the emails' button leads to a shop we can recognise; a
        // click within 10 s of delivery is a link scanner's (30 s shipped: the people of this test click sooner)
        return Map.of("REKINDLE_MAIL_RETRYBASE", "PT2S",
                "REKINDLE_SMS_WINDOW_ENABLED", "false",
                "REKINDLE_SHOP_URL", SHOP,
                "REKINDLE_TRACKING_ROBOTS_AFTERDELIVERY", "PT10S");
    }

    @Test
    void oneClickUnsubscribeAsGmailSendsIt_thePendingRelaunchIsNeverDelivered() {
        long contact = signUp("oi-oneclick", "olga@example.com", "Olga", "en");
        String journey = operator.instanceOf("new-signup-relaunch", contact);
        operator.fireTimer(journey, "Timer_J30");
        MimeMessage relaunch1 = awaitEmails("olga@example.com", 1).get(0);
        String unsubscribeUrl = oneClickUrl(relaunch1);

        // relaunch 2 is written while the SMTP server is down: it stays PENDING, retried
        mailbox.stop();
        try {
            operator.fireTimer(journey, "Timer_J37");
            await("relaunch 2 written and tried", () -> {
                JsonNode rows = outbox(contact);
                return rows.size() == 2 && rows.toString().contains("relaunch-2") && pending(rows) != null
                        && pending(rows).get("attempts").asInt() >= 1;
            });
            // a node (re)started during the outage is ready and takes events and unsubscribes: what a load balancer
            // or the compose file asks is the readiness; the whole health shows the SMTP server down, for monitoring
            app.stop();
            app.restart();
            assertThat(anonymous.get("/actuator/health/readiness").expect(200).json().get("status").asText())
                    .isEqualTo("UP");
            assertThat(anonymous.get("/actuator/health/liveness").expect(200).json().get("status").asText())
                    .isEqualTo("UP");
            assertThat(anonymous.get("/actuator/health").expect(503).json().get("status").asText())
                    .isEqualTo("DOWN");
            assertThat(api.get("/actuator/health").expect(503).json().at("/components/mail/status").asText())
                    .isEqualTo("DOWN");
            var response = anonymous.postForm(unsubscribeUrl, "List-Unsubscribe=One-Click");
            assertThat(response.status()).as(response.body()).isBetween(200, 299);
        } finally {
            mailbox.start();
        }

        await("relaunch 2 SKIPPED", () -> {
            JsonNode relaunch2 = row(outbox(contact), "relaunch-2");
            return relaunch2 != null && relaunch2.get("status").asText().equals("SKIPPED");
        });
        assertThat(row(outbox(contact), "relaunch-2").get("skipReason").asText()).isEqualTo("UNSUBSCRIBED");
        assertThat(contact(contact).get("emailUnsubscribedAt").isNull()).as("emailUnsubscribedAt").isFalse();
        assertThat(operator.passed(journey)).contains("EndEvent_Unsubscribed");
        quietPeriod();
        assertThat(mailbox.to("olga@example.com")).as("only relaunch 1 arrived").hasSize(1);
    }

    @Test
    void theOpenPixelAndAClickFromTheEmail_recordedOnTheContactAndCountedInTheKpis() {
        Instant from = Instant.now();
        long contact = signUp("oi-tracked", "theo@example.com", "Théo", "fr");
        operator.fireTimer(operator.instanceOf("new-signup-relaunch", contact), "Timer_J30");
        MimeMessage relaunch1 = awaitEmails("theo@example.com", 1).get(0);
        assertThat(contact(contact).get("lastEmailOpenAt").isNull()).isTrue();

        // the mail client loads the images, the person clicks the button: no credentials, no cookie
        var pixel = anonymous.get(Mailbox.link(relaunch1, "/t/o/")).expect(200);
        assertThat(pixel.contentType()).startsWith("image/");
        PackagedApp.sleep(SCANNER_WINDOW_MILLIS); // a person reads before clicking
        var click = browser.get(Mailbox.link(relaunch1, "/t/c/"));
        assertThat(click.status()).as(click.body()).isIn(302, 303, 307);
        assertThat(click.location()).isEqualTo(SHOP);

        JsonNode person = contact(contact);
        assertThat(person.get("lastEmailOpenAt").isNull()).as("lastEmailOpenAt").isFalse();
        assertThat(person.get("lastEmailClickAt").isNull()).as("lastEmailClickAt").isFalse();
        JsonNode totals = kpis(from, Instant.now()).get("totals");
        assertThat(totals.get("opened").asLong()).as(totals.toString()).isEqualTo(1);
        assertThat(totals.get("clicked").asLong()).as(totals.toString()).isEqualTo(1);
    }

    @Test
    void aLinkScannerFetchingEveryLinkOnDeliveryBringsNoWelcomeBack_thePersonsClickDoes() {
        Instant from = Instant.now();
        long sacha = signUp("oi-scanned", "sacha@example.com", null, "Sacha", "fr", true, false, longAgo());
        classificationRun();
        String winBack = operator.instanceOf("inactive-winback", sacha);
        MimeMessage missYou = awaitEmails("sacha@example.com", 1).get(0);
        List<String> links = Mailbox.links(missYou).stream().filter(l -> l.contains("/t/c/")).toList();
        assertThat(links).isNotEmpty();

        // the recipient's mail security gateway, on delivery: every link, HEAD then GET, posing as a browser
        for (String link : links) {
            assertThat(browser.head(link).status()).isEqualTo(302);
            var fetched = browser.get(link);
            assertThat(fetched.status()).as(fetched.body()).isEqualTo(302);
            assertThat(fetched.location()).isEqualTo(SHOP);
        }
        quietPeriod();
        assertThat(mailbox.to("sacha@example.com")).as("no welcome back").hasSize(1);
        assertThat(operator.state(winBack)).as("the win-back still waits").isEqualTo("ACTIVE");
        assertThat(contact(sacha).get("lastEmailClickAt").isNull()).as("lastEmailClickAt").isTrue();

        // Sacha herself, later, from her browser
        var click = browser.get(links.get(0));
        assertThat(click.status()).as(click.body()).isEqualTo(302);
        assertThat(click.location()).isEqualTo(SHOP);
        MimeMessage welcome = awaitEmails("sacha@example.com", 2).get(1);
        assertThat(Mailbox.subject(welcome)).containsIgnoringCase("bon retour parmi nous");
        await("the win-back ends", () -> operator.state(winBack).equals("COMPLETED"));
        assertThat(operator.passed(winBack)).contains("EndEvent_CameBack");
        assertThat(contact(sacha).get("lastEmailClickAt").isNull()).as("lastEmailClickAt").isFalse();
        JsonNode totals = kpis(from, Instant.now()).get("totals");
        assertThat(totals.get("clicked").asLong()).as(totals.toString()).isEqualTo(1);
        assertThat(totals.get("clickedByRobots").asLong()).as(totals.toString()).isEqualTo(1);
    }

    @Test
    void unsubscribesFromTheHeaderTheFooterAndAnSmsStop_theKpisCountThreeAndARepeatAddsNothing() {
        Instant from = Instant.now();
        long header = signUp("oi-header", "hugo@example.com", "Hugo", "en");
        long footer = signUp("oi-footer", "fanny@example.com", "Fanny", "fr");
        for (long contact : new long[] {header, footer}) {
            operator.fireTimer(operator.instanceOf("new-signup-relaunch", contact), "Timer_J30");
        }
        String oneClick = oneClickUrl(awaitEmails("hugo@example.com", 1).get(0));
        String footerLink = Mailbox.link(awaitEmails("fanny@example.com", 1).get(0), "/unsubscribe/");

        // an existing customer, reachable by SMS only: the daily classification finds them inactive, the win-back
        // sends « vous nous manquez » by SMS
        long texted = signUp("oi-sms", "sam@example.com", "+33611223344", "Sam", "fr", false, true, longAgo());
        classificationRun();
        await("the win-back SMS", () -> sms.to("+33611223344").size() == 1);

        anonymous.postForm(oneClick, "List-Unsubscribe=One-Click").expect(200);

        // a link scanner (or the person) opens the footer link: a page, nothing changes
        var page = anonymous.get(footerLink).expect(200);
        assertThat(page.body()).contains("<form method=\"post\"");
        assertThat(contact(footer).get("emailUnsubscribedAt").isNull()).as("a GET unsubscribes nobody").isTrue();
        // the button: the browser posts the form to the page's own URL, an empty form (the button has no name)
        anonymous.postForm(footerLink, "").expect(200);

        event("{\"type\":\"SMS_REPLY\",\"phone\":\"+33611223344\",\"text\":\"STOP\"}").expect(202);

        assertThat(contact(header).get("emailUnsubscribedAt").isNull()).isFalse();
        assertThat(contact(footer).get("emailUnsubscribedAt").isNull()).isFalse();
        assertThat(contact(texted).get("smsUnsubscribedAt").isNull()).isFalse();
        JsonNode totals = kpis(from, Instant.now()).get("totals");
        assertThat(totals.get("unsubscribed").asLong()).as("unsubscribes in " + totals).isEqualTo(3);

        // the mail client sends its one click again: already unsubscribed, nothing new stored
        var again = anonymous.postForm(oneClick, "List-Unsubscribe=One-Click");
        assertThat(again.status()).as(again.body()).isBetween(200, 299);
        JsonNode after = kpis(from, Instant.now()).get("totals");
        assertThat(after.get("unsubscribed").asLong()).as("unsubscribes in " + after).isEqualTo(3);
    }

    /** The URL of {@code List-Unsubscribe: <…>}, with its RFC 8058 companion header checked. */
    static String oneClickUrl(MimeMessage message) {
        assertThat(Mailbox.header(message, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String header = Mailbox.header(message, "List-Unsubscribe");
        assertThat(header).as("List-Unsubscribe").isNotNull().matches("<https?://[^>]+>.*");
        return header.substring(1, header.indexOf('>'));
    }

    JsonNode kpis(Instant from, Instant to) {
        return api.get("/api/kpis?from=" + from + "&to=" + to).expect(200).json();
    }

    private static JsonNode pending(JsonNode rows) {
        JsonNode row = row(rows, "relaunch-2");
        return row != null && row.get("status").asText().equals("PENDING") ? row : null;
    }

    private static JsonNode row(JsonNode rows, String template) {
        for (JsonNode row : rows) {
            if (row.get("template").asText().equals(template)) {
                return row;
            }
        }
        return null;
    }
}
