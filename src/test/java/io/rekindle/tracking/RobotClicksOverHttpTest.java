package io.rekindle.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.journey.Journeys;
import io.rekindle.support.Api;
import io.rekindle.support.Inbox;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Link scanners told from people, over HTTP: a mail security gateway fetches every link of the final removal's
 * farewell seconds after delivery (HEAD, then GET posing as a browser), another later under its own name, a script
 * without languages — each recorded and flagged, none a comeback: the suppression stays, no welcome back, the
 * contact's last click (the GDPR clock) does not move, the KPIs count no click. The person's own click an hour later
 * brings welcome back; a second fetch two seconds after it is a burst, flagged.
 */
@RekindleIntegrationTest
class RobotClicksOverHttpTest extends OverHttp {

    private static final Instant D = Instant.parse("2026-06-01T05:00:00Z");
    private static final String SCANNER = "Mozilla/5.0 (compatible; Mimecast URL Protect)";

    @Autowired
    EmailDispatcher dispatcher;

    @Override
    protected Instant start() {
        return D;
    }

    @Test
    void aScannerFetchingEveryLinkAfterDeliveryIsNoComeback_thePersonsClickLaterIs() throws Exception {
        String email = "eve-" + UUID.randomUUID() + "@example.com";
        long eve = signUpLongAgo(email);
        runtime.createProcessInstanceByKey(Journeys.FINAL_REMOVAL).businessKey(String.valueOf(eve))
                .setVariable(Journeys.VAR_CONTACT_ID, eve).execute();
        time.runDueJobs();
        dispatcher.dispatchDue();
        MimeMessage farewell = single(received(email));
        List<String> links = clickLinks(farewell);
        assertThat(links).isNotEmpty();
        assertThat(suppression(eve)).isEqualTo("FINAL_REMOVAL");

        // the gateway, three seconds after delivery: HEAD, then GET of every link with a browser's headers
        time.advance(Duration.ofSeconds(3));
        for (String link : links) {
            assertThat(api.head(link, Api.BROWSER).status()).isEqualTo(302);
            Api.Response fetched = api.get(link, null, Api.BROWSER);
            assertThat(fetched.status()).isEqualTo(302);
            assertThat(fetched.location()).isEqualTo("http://localhost:8080/");
        }
        // a scanner naming itself, minutes later; a script that sends no languages
        time.advance(Duration.ofMinutes(5));
        assertThat(api.get(links.get(0), null, "User-Agent", SCANNER, "Accept-Language", "en").status())
                .isEqualTo(302);
        time.advance(Duration.ofMinutes(5));
        assertThat(api.get(links.get(0), null, "User-Agent", Api.BROWSER[1]).status()).isEqualTo(302);
        time.runDueJobs();
        dispatcher.dispatchDue();

        List<String> flags = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            flags.add("HEAD_REQUEST");
            flags.add("SECONDS_AFTER_DELIVERY");
        }
        flags.add("SCANNER_USER_AGENT");
        flags.add("NO_ACCEPT_LANGUAGE");
        assertThat(clicks(eve)).containsExactlyElementsOf(flags);
        assertThat(suppression(eve)).as("still isolated").isEqualTo("FINAL_REMOVAL");
        assertThat(welcomeBacks(eve)).isZero();
        assertThat(received(email)).hasSize(1);
        JsonNode contact = api.get("/api/contacts/" + eve).json();
        assertThat(contact.get("lastEmailClickAt").isNull()).as("the GDPR clock did not move").isTrue();
        assertThat(contact.get("lastEmailOpenAt").isNull()).as("no open either").isTrue();
        JsonNode figures = api.get("/api/kpis?journey=" + Journeys.FINAL_REMOVAL).json().get("totals");
        assertThat(figures.get("clicked").asLong()).as(figures.toString()).isZero();
        assertThat(figures.get("clickedByRobots").asLong()).as(figures.toString()).isEqualTo(1);

        // Eve herself, an hour later, from her browser
        time.advance(Duration.ofHours(1));
        Instant herClick = time.now();
        Api.Response clicked = api.get(links.get(0), null, Api.BROWSER);
        assertThat(clicked.status()).isEqualTo(302);
        assertThat(clicked.location()).isEqualTo("http://localhost:8080/");
        // and the browser fetches it again a second later (a double click): a burst, flagged, nothing more
        time.advance(Duration.ofSeconds(1));
        assertThat(api.get(links.get(0), null, Api.BROWSER).status()).isEqualTo(302);
        time.runDueJobs();
        dispatcher.dispatchDue();

        flags.add(null);
        flags.add("LINK_BURST");
        assertThat(clicks(eve)).containsExactlyElementsOf(flags);
        assertThat(suppression(eve)).as("she came back").isNull();
        assertThat(welcomeBacks(eve)).isEqualTo(1);
        assertThat(received(email)).hasSize(2);
        assertThat(received(email).get(1).getSubject()).containsIgnoringCase("bon retour parmi nous");
        assertThat(OffsetDateTime.parse(api.get("/api/contacts/" + eve).json().get("lastEmailClickAt").asText())
                .toInstant()).isEqualTo(herClick);
        figures = api.get("/api/kpis?journey=" + Journeys.FINAL_REMOVAL).json().get("totals");
        assertThat(figures.get("clicked").asLong()).as(figures.toString()).isEqualTo(1);
        assertThat(figures.get("clickedByRobots").asLong()).as(figures.toString()).isEqualTo(1);
    }

    /** A customer of 2024, imported with the sign-up date: no relaunch runs for her. */
    private long signUpLongAgo(String email) {
        Api.Response created = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s","firstName":"Eve","locale":"fr","emailConsent":true,
                 "smsConsent":false,"signedUpAt":"2024-01-15T10:00:00Z"}""".formatted(email, email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** The contact's clicks in order, as the robot sign each was flagged with (null: a person's). */
    private List<String> clicks(long contactId) {
        return jdbc.sql("SELECT robot FROM contact_event WHERE contact_id = ? AND type = 'EMAIL_CLICKED' ORDER BY id")
                .param(contactId).query((rs, n) -> rs.getString(1)).list();
    }

    private long welcomeBacks(long contactId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(Journeys.WELCOME_BACK)
                .processInstanceBusinessKey(String.valueOf(contactId)).count();
    }

    private String suppression(long contactId) {
        return jdbc.sql("SELECT suppression_reason FROM contact WHERE id = ?").param(contactId)
                .query(String.class).optional().orElse(null);
    }

    private List<MimeMessage> received(String address) {
        return Inbox.to(smtp, address);
    }

    /** The click redirects of the email's HTML, as paths. */
    private static List<String> clickLinks(Part message) throws Exception {
        Matcher link = Pattern.compile("href=\"[^\"]*(/t/c/[A-Za-z0-9_.-]+)\"").matcher(html(message));
        List<String> links = new ArrayList<>();
        while (link.find()) {
            links.add(link.group(1));
        }
        return links;
    }

    private static String html(Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = html(multipart.getBodyPart(i));
                if (!html.isEmpty()) {
                    return html;
                }
            }
        }
        return "";
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
