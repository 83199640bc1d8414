package io.rekindle.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.engine.ProcessModels;
import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cap per segment as the shipped dmn/marketing-pressure.dmn gives it, with the real engine, database and SMTP
 * server: each contact gets its segment's number of messages, the next one waits exactly its segment's period and
 * says which limit held it; a SKIP type is skipped with the limit recorded; the explanation endpoint agrees; a newly
 * deployed version of the table applies without a restart, and a broken one is refused.
 */
@RekindleIntegrationTest
class SegmentPressureTest {

    /** A Wednesday, 10:00 in Paris. */
    private static final Instant T0 = Instant.parse("2026-05-06T08:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    OutboxService outbox;
    @Autowired
    GreenMail smtp;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProcessModels models;
    @Autowired
    PressureTable table;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    record Case(String segment, int max, int days, String limit) {
    }

    @Test
    void eachSegmentGetsItsOwnCapAndItsNextMessageWaitsItsOwnPeriod() {
        Api api = new Api(port);
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(T0);
        List<Case> cases = List.of(new Case("ENGAGED", 3, 7, "ENGAGED: 3 per 7 days"),
                new Case("RECENT_ACTIVITY", 2, 7, "RECENT_ACTIVITY: 2 per 7 days"),
                new Case("DISENGAGED", 1, 7, "DISENGAGED: 1 per 7 days"),
                new Case("INACTIVE", 1, 14, "INACTIVE: 1 per 14 days"),
                new Case("NEW_INACTIVE", 1, 14, "NEW_INACTIVE: 1 per 14 days"),
                new Case("LOST", 1, 30, "LOST: 1 per 30 days"),
                new Case(null, 2, 7, "not classified: 2 per 7 days"));
        Map<Case, Long> contacts = new LinkedHashMap<>();
        for (Case c : cases) {
            long contact = customer(api, c.segment());
            contacts.put(c, contact);
            for (int i = 0; i <= c.max(); i++) { // one more than the cap, all due now (relaunch 1 waits: DEFER)
                write(contact, "relaunch-1");
            }
        }
        dispatcher.dispatchDue();

        for (Case c : cases) {
            long contact = contacts.get(c);
            assertThat(received(api, contact)).as(c.limit()).isEqualTo(c.max());
            JsonNode waiting = pending(api, contact);
            assertThat(Instant.parse(waiting.get("nextAttemptAt").asText())).as(c.limit())
                    .isEqualTo(T0.plus(Duration.ofDays(c.days())));
            assertThat(waiting.get("pressureLimit").asText()).isEqualTo(c.limit());

            JsonNode explained = api.get("/api/contacts/" + contact + "/pressure").json();
            assertThat(explained.get("segment").isNull() ? null : explained.get("segment").asText())
                    .isEqualTo(c.segment());
            assertThat(explained.get("limit").asText()).isEqualTo(c.limit());
            assertThat(explained.get("maxMessages").asInt()).isEqualTo(c.max());
            assertThat(explained.get("periodDays").asInt()).isEqualTo(c.days());
            assertThat(explained.get("overriddenByConfiguration").asBoolean()).isFalse();
            assertThat(explained.get("messagesInPeriod").asInt()).isEqualTo(c.max());
            assertThat(Instant.parse(explained.get("nextAllowedAt").asText()))
                    .isEqualTo(T0.plus(Duration.ofDays(c.days())));
            assertThat(explained.get("rule").get("id").asText()).startsWith("Rule_Pressure_");
            assertThat(explained.get("rule").get("annotation").asText()).isNotBlank();
            assertThat(explained.get("rule").get("decisionVersion").asInt()).isEqualTo(1);
        }

        // the INACTIVE contact's relaunch 2 (SKIP as shipped) is skipped, and says which limit held it
        long inactive = contacts.get(cases.get(3));
        write(inactive, "relaunch-2");
        dispatcher.dispatchDue();
        JsonNode skipped = message(api, inactive, "relaunch-2");
        assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.get("skipReason").asText()).isEqualTo("PRESSURE_CAP");
        assertThat(skipped.get("pressureLimit").asText()).isEqualTo("INACTIVE: 1 per 14 days");

        // each waiting message goes exactly when its own period has passed, not a minute before
        for (int days : List.of(7, 14, 30)) {
            time.travelTo(T0.plus(Duration.ofDays(days)).minusSeconds(60));
            dispatcher.dispatchDue();
            for (Case c : cases) {
                assertThat(received(api, contacts.get(c))).as(c.limit() + " a minute before day " + days)
                        .isEqualTo(c.days() < days ? c.max() + 1 : c.max());
            }
            time.travelTo(T0.plus(Duration.ofDays(days)));
            dispatcher.dispatchDue();
            for (Case c : cases) {
                assertThat(received(api, contacts.get(c))).as(c.limit() + " on day " + days)
                        .isEqualTo(c.days() <= days ? c.max() + 1 : c.max());
            }
        }
    }

    @Test
    void aNewVersionOfTheTableAppliesWithoutRestartAndABrokenOneIsRefused() {
        Api api = new Api(port);
        long contact = customer(api, "INACTIVE");
        assertThat(api.get("/api/contacts/" + contact + "/pressure").json().get("limit").asText())
                .isEqualTo("INACTIVE: 1 per 14 days");
        String shipped = new String(models.decisionModel(models.latestDecision(PressureTable.DECISION_ID)
                .orElseThrow().id()), StandardCharsets.UTF_8);

        // an analyst allows inactive contacts two messages a fortnight and deploys that file alone
        String gentler = shipped.replace("<outputEntry id=\"Rule_Pressure_Inactive_MaxMessages\">\n          <text>1",
                "<outputEntry id=\"Rule_Pressure_Inactive_MaxMessages\">\n          <text>2");
        assertThat(gentler).isNotEqualTo(shipped);
        deploy(gentler);
        table.refresh(); // what the schedule does every rekindle.pressure.decision-refresh
        JsonNode explained = api.get("/api/contacts/" + contact + "/pressure").json();
        assertThat(explained.get("limit").asText()).isEqualTo("INACTIVE: 2 per 14 days");
        assertThat(explained.get("rule").get("decisionVersion").asInt()).isEqualTo(2);

        // a version whose period is not a whole number of days is refused: version 2 stays
        deploy(gentler.replace("<outputEntry id=\"Rule_Pressure_Lost_PeriodDays\">\n          <text>30",
                "<outputEntry id=\"Rule_Pressure_Lost_PeriodDays\">\n          <text>0"));
        table.refresh();
        explained = api.get("/api/contacts/" + contact + "/pressure").json();
        assertThat(explained.get("limit").asText()).isEqualTo("INACTIVE: 2 per 14 days");
        assertThat(explained.get("rule").get("decisionVersion").asInt()).isEqualTo(2);

        assertThat(api.get("/api/contacts/987654321/pressure").status()).isEqualTo(404);
    }

    private void deploy(String dmn) {
        models.deploy("analyst", "Camunda Modeler", false,
                Map.of("marketing-pressure.dmn", dmn.getBytes(StandardCharsets.UTF_8)));
    }

    /** An existing customer (no relaunch journey) in {@code segment}, as the daily classification stores it. */
    private long customer(Api api, String segment) {
        String externalId = "segment-pressure-" + UUID.randomUUID();
        long id = api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"Sam\",\"locale\":\"en\",\"emailConsent\":true,"
                + "\"smsConsent\":false,\"signedUpAt\":\"2024-01-01T00:00:00Z\"}").json().get("id").asLong();
        if (segment != null) {
            jdbc.sql("UPDATE contact SET segment = ? WHERE id = ?").params(segment, id).update();
        }
        return id;
    }

    private void write(long contact, String template) {
        outbox.enqueueEmail(new EmailRequest("segment-pressure-" + UUID.randomUUID(), contact, template, false,
                "new-signup-relaunch", null, null, null));
    }

    private static JsonNode pending(Api api, long contact) {
        List<JsonNode> pending = new ArrayList<>();
        api.get("/api/outbox?contactId=" + contact).json().forEach(m -> {
            if (m.get("status").asText().equals("PENDING")) {
                pending.add(m);
            }
        });
        assertThat(pending).hasSize(1);
        return pending.get(0);
    }

    private static JsonNode message(Api api, long contact, String template) {
        for (JsonNode m : api.get("/api/outbox?contactId=" + contact).json()) {
            if (m.get("template").asText().equals(template)) {
                return m;
            }
        }
        throw new AssertionError("no " + template + " for " + contact);
    }

    private long received(Api api, long contact) {
        String email = api.get("/api/contacts/" + contact).json().get("email").asText();
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(email);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
    }
}
