package io.rekindle.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;

/**
 * Each email's Message-ID is the outbox row's own random id under our domain: unique across databases (a row number
 * is not: another installation or a wiped database repeats it), and the same on every attempt of the row.
 */
@RekindleIntegrationTest(properties = "rekindle.mail.message-id-domain=news.example.com")
class MessageIdTest {

    private static final Instant T = Instant.parse("2026-06-01T08:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    OutboxService outbox;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    GreenMail smtp;

    TimeMachine time;

    @BeforeEach
    void setUp() {
        smtp.stop(); // no SMTP server until a test starts it
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(T);
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
        TimeMachine.reset();
    }

    @Test
    void twoRowsHaveTwoIdsUnderTheConfiguredDomainAndARetriedRowKeepsItsOwn() throws Exception {
        long first = emailWritten();
        long second = emailWritten();
        String firstUuid = uuidOf(first);
        assertThat(firstUuid).as("given when the row is written").isNotNull();

        // no SMTP server yet: both go back to PENDING for a retry
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status = 'PENDING' AND attempts = 1")
                .query(Long.class).single()).isEqualTo(2);
        smtp.start();
        time.advance(Duration.ofMinutes(15));
        assertThat(dispatcher.dispatchDue()).isEqualTo(2);

        List<String> ids = Arrays.stream(smtp.getReceivedMessages()).map(MessageIdTest::messageId).toList();
        assertThat(ids).containsExactlyInAnyOrder("<" + firstUuid + "@news.example.com>",
                "<" + uuidOf(second) + "@news.example.com>");
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
        assertThat(uuidOf(first)).as("the retried row kept its id").isEqualTo(firstUuid);
    }

    @Test
    void aRowWrittenBeforeRowsHadTheirOwnIdGetsOneWhenSent() {
        long old = emailWritten();
        jdbc.sql("UPDATE outbox_message SET message_uuid = NULL WHERE id = ?").param(old).update();
        smtp.start();

        assertThat(dispatcher.dispatchDue()).isEqualTo(1);

        String uuid = uuidOf(old);
        assertThat(UUID.fromString(uuid)).isNotNull();
        assertThat(messageId(smtp.getReceivedMessages()[0])).isEqualTo("<" + uuid + "@news.example.com>");
    }

    @Test
    void withoutItsOwnSettingTheDomainIsTheSenders() {
        assertThat(properties("Rekindle <no-reply@rekindle.local>", null).messageIdDomain())
                .isEqualTo("rekindle.local");
        assertThat(properties("news@mail.shop.example", " ").messageIdDomain()).isEqualTo("mail.shop.example");
        assertThat(properties("Rekindle <no-reply@rekindle.local>", "m.example.org").messageIdDomain())
                .isEqualTo("m.example.org");
        assertThatThrownBy(() -> properties("Rekindle <no-reply@rekindle.local>", "not a domain>"))
                .hasMessageContaining("rekindle.mail.message-id-domain");
    }

    private static MailProperties properties(String from, String messageIdDomain) {
        return new MailProperties(true, from, Duration.ofSeconds(1), 500, 4, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(2), messageIdDomain);
    }

    private long emailWritten() {
        String externalId = "message-id-" + UUID.randomUUID();
        Api.Response created = new Api(port).post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","firstName":"Alex","locale":"en",
                 "emailConsent":true,"smsConsent":false}""".formatted(externalId, externalId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long contactId = created.json().get("id").asLong();
        return outbox.enqueueEmail(new EmailRequest("message-id-test-" + UUID.randomUUID(), contactId, "welcome-back",
                false, "welcome-back", null, null));
    }

    private String uuidOf(long row) {
        return jdbc.sql("SELECT message_uuid FROM outbox_message WHERE id = ?").param(row).query(String.class)
                .single();
    }

    private static String messageId(MimeMessage message) {
        return FaultySmtp.messageId(message);
    }
}
