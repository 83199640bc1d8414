package io.rekindle.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TestSmtp;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two sending streams, two real SMTP servers: the reactivation stream (win-back, survey) has its own relay, sender,
 * Reply-To, Message-ID domain and link domain; lifecycle (relaunch) keeps today's single settings. Each server counts
 * what it received; two senders share the batch, each switching connection with its rows' streams.
 */
@RekindleIntegrationTest(properties = {
    "rekindle.mail.senders=2",
    // three messages per contact at once: the pressure cap is not what this test is about
    "rekindle.pressure.max-messages=10",
    "rekindle.streams.reactivation.smtp.host=127.0.0.1",
    "rekindle.streams.reactivation.from=Rekindle <bonjour@win.example.com>",
    "rekindle.streams.reactivation.reply-to=care@win.example.com",
    "rekindle.streams.reactivation.public-url=https://links.win.example.com/"})
// the first test counts everything each server received and every row of the KPIs: it goes first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendingStreamsTest {

    private static final int CONTACTS = 4;
    /** The reactivation stream's relay; the lifecycle's is the test profile's own ({@code smtp}). */
    private static final GreenMail REACTIVATION = TestSmtp.start(TestSmtp.freePort());

    @DynamicPropertySource
    static void reactivationRelay(DynamicPropertyRegistry registry) {
        registry.add("rekindle.streams.reactivation.smtp.port", () -> REACTIVATION.getSmtp().getPort());
    }

    @AfterAll
    static void stopRelay() {
        REACTIVATION.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    OutboxService outbox;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    GreenMail smtp;
    @Value("${rekindle.public-url}")
    String publicUrl;
    @Autowired
    ManagementService management;

    @Test
    @Order(1)
    void eachStreamLeavesThroughItsOwnServerUnderItsOwnDomain() throws Exception {
        List<Long> contacts = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            long contact = contact();
            contacts.add(contact);
            // written in an order that makes each sender switch streams row after row
            enqueue(contact, "relaunch-1", "new-signup-relaunch", Map.of());
            enqueue(contact, "winback-miss-you", "inactive-winback", Map.of());
            enqueue(contact, "survey-invitation", "satisfaction-survey",
                    Map.of("surveyUrl", publicUrl + "/survey/a-signed-token"));
        }

        assertThat(dispatcher.dispatchDue()).isEqualTo(3 * CONTACTS);

        List<MimeMessage> lifecycle = Arrays.asList(smtp.getReceivedMessages());
        List<MimeMessage> reactivation = Arrays.asList(REACTIVATION.getReceivedMessages());
        assertThat(lifecycle).hasSize(CONTACTS).allSatisfy(m -> {
            assertThat(m.getHeader("X-Rekindle-Message-Id", null)).isNotNull();
            assertThat(m.getMessageID()).endsWith("@rekindle.local>");
            assertThat(m.getFrom()[0].toString()).contains("no-reply@rekindle.local");
            assertThat(m.getHeader("Reply-To")).isNull();
            assertThat(m.getHeader("List-Unsubscribe", null)).startsWith("<" + publicUrl + "/unsubscribe/");
            assertThat(content(m)).contains(publicUrl + "/t/o/").doesNotContain("win.example.com");
        });
        assertThat(reactivation).hasSize(2 * CONTACTS).allSatisfy(m -> {
            assertThat(m.getMessageID()).endsWith("@win.example.com>");
            assertThat(m.getFrom()[0].toString()).contains("bonjour@win.example.com");
            assertThat(m.getHeader("Reply-To", null)).isEqualTo("care@win.example.com");
            assertThat(m.getHeader("List-Unsubscribe", null))
                    .startsWith("<https://links.win.example.com/unsubscribe/");
            // the open pixel, the click redirects, the footer's unsubscribe link and the survey link: all ours, moved
            // (the shop's link stays the shop's, here the same host as the app's public URL)
            assertThat(content(m)).contains("https://links.win.example.com/t/o/",
                    "https://links.win.example.com/unsubscribe/").doesNotContain(publicUrl + "/t/",
                    publicUrl + "/unsubscribe/", publicUrl + "/survey/");
        });
        assertThat(reactivation).map(MimeMessage::getSubject).filteredOn(s -> s.contains("what you think"))
                .hasSize(CONTACTS);
        assertThat(reactivation.stream().map(SendingStreamsTest::content)
                .filter(c -> c.contains("https://links.win.example.com/survey/a-signed-token"))).hasSize(CONTACTS);

        JsonNode rows = new Api(port).get("/api/outbox?contactId=" + contacts.get(0)).json();
        assertThat(rows).hasSize(3);
        rows.forEach(row -> assertThat(row.get("stream").asText()).as(row.toString()).isEqualTo(
                row.get("template").asText().equals("relaunch-1") ? "lifecycle" : "reactivation"));

        // one win-back hard-bounces: the reactivation stream's delivery drops, the lifecycle's does not
        long winBack = 0;
        for (JsonNode row : rows) {
            winBack = row.get("template").asText().equals("winback-miss-you") ? row.get("id").asLong() : winBack;
        }
        Api.Response bounced = new Api(port).post("/api/events", "{\"contactId\":" + contacts.get(0)
                + ",\"type\":\"BOUNCED\",\"bounce\":\"HARD\",\"messageId\":" + winBack + "}");
        assertThat(bounced.status()).as(bounced.body()).isEqualTo(202);

        JsonNode byStream = new Api(port).get("/api/kpis").json().get("byStream");
        assertThat(byStream).hasSize(2);
        assertStream(byStream.get(0), "lifecycle", CONTACTS, CONTACTS, 0);
        assertStream(byStream.get(1), "reactivation", 2 * CONTACTS, 2 * CONTACTS - 1, 1);
        JsonNode cards = new Api(port).get("/api/kpis/journeys").json().get("streams");
        assertThat(cards.get(1).get("stream").asText()).isEqualTo("reactivation");
        assertThat(cards.get(1).get("deliveryRate").get("count").asLong()).isEqualTo(2 * CONTACTS - 1);
        assertThat(cards.get(1).get("deliveryRate").get("base").asLong()).isEqualTo(2 * CONTACTS);
        assertThat(cards.get(1).get("bounceRate").get("value").asDouble()).isEqualTo(1.0 / (2 * CONTACTS));
        assertThat(cards.get(0).get("bounceRate").get("value").asDouble()).isZero();
    }

    @Test
    @Order(2)
    void anOutageOfTheReactivationRelayDelaysOnlyItsOwnMail_theRetryGoesThroughTheSameStream() throws Exception {
        TimeMachine time = new TimeMachine(management);
        try {
            time.travelTo(Instant.now());
            long contact = contact();
            String address = new Api(port).get("/api/contacts/" + contact).json().get("email").asText();
            REACTIVATION.stop();
            enqueue(contact, "winback-miss-you", "inactive-winback", Map.of());
            enqueue(contact, "relaunch-1", "new-signup-relaunch", Map.of());

            assertThat(dispatcher.dispatchDue()).as("the relaunch: its relay is up").isEqualTo(1);
            assertThat(to(smtp, address)).hasSize(1);
            JsonNode winBack = new Api(port).get("/api/outbox?contactId=" + contact + "&status=PENDING").json();
            assertThat(winBack).hasSize(1);
            assertThat(winBack.get(0).get("template").asText()).isEqualTo("winback-miss-you");
            assertThat(winBack.get(0).get("attempts").asInt()).isOne();

            REACTIVATION.start();
            time.advance(Duration.ofMinutes(15));
            assertThat(dispatcher.dispatchDue()).isEqualTo(1);
            assertThat(to(REACTIVATION, address)).hasSize(1);
            assertThat(to(smtp, address)).as("nothing of the win-back through today's relay").hasSize(1);
        } finally {
            TimeMachine.reset();
        }
    }

    private static List<MimeMessage> to(GreenMail server, String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> FaultySmtp.recipient(m).equals(address))
                .toList();
    }

    private static void assertStream(JsonNode stream, String name, long sent, long delivered, long bouncedHard) {
        assertThat(stream.get("stream").asText()).isEqualTo(name);
        assertThat(stream.get("sent").asLong()).as(stream.toString()).isEqualTo(sent);
        assertThat(stream.get("delivered").asLong()).as(stream.toString()).isEqualTo(delivered);
        assertThat(stream.get("bouncedHard").asLong()).as(stream.toString()).isEqualTo(bouncedHard);
        assertThat(stream.get("deliveryRate").asDouble()).isEqualTo((double) delivered / sent);
    }

    private long contact() {
        String externalId = "streams-" + UUID.randomUUID();
        Api.Response created = new Api(port).post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","firstName":"Alex","locale":"en",
                 "emailConsent":true,"smsConsent":false,"signedUpAt":"2024-01-01T00:00:00Z"}"""
                .formatted(externalId, externalId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private void enqueue(long contact, String template, String journey, Map<String, String> links) {
        outbox.enqueueEmail(new EmailRequest("streams-test-" + UUID.randomUUID(), contact, template, false, journey,
                null, template, links));
    }

    /** The decoded text and HTML parts, together. */
    private static String content(Part part) {
        try {
            if (part.getContent() instanceof Multipart multipart) {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    all.append(content(multipart.getBodyPart(i)));
                }
                return all.toString();
            }
            return part.getContent().toString();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
