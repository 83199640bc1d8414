package io.rekindle.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.rekindle.email.EmailDispatcher;

/**
 * Marketing pressure over HTTP with GreenMail, with a cap of one message per ten days: relaunch 2 (DEFER here)
 * waits until the cap allows it and is sent then, counted in the KPIs; the win-back's offer (SKIP here) is skipped
 * with a recorded reason; welcome back (EXEMPT) goes at once.
 */
@RekindleIntegrationTest(properties = {"rekindle.pressure.max-messages=1", "rekindle.pressure.period=P10D",
        "rekindle.pressure.policy.relaunch-2=DEFER", "rekindle.pressure.policy.winback-miss-you=SKIP"})
class MarketingPressureTest {

    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    GreenMail smtp;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void overTheCapAMessageWaitsOrIsSkippedAsItsTypeSays() {
        Api api = new Api(port);
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(J);
        long pia = signUp(api, "Pia");
        long quentin = signUp(api, "Quentin");
        time.runDueJobs();
        dispatcher.dispatchDue(); // the welcomes (EXEMPT: not counted)
        assertThat(message(api, pia, "welcome").get("status").asText()).isEqualTo("SENT");

        time.travelTo(J.plus(Duration.ofDays(30)));
        time.runDueJobs();
        dispatcher.dispatchDue(); // relaunch 1 to both: 1 message each in the last 10 days

        // Quentin (his relaunch over), found inactive 3 days later: the win-back offer (SKIP) is skipped
        var runtime = engine.getRuntimeService();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(quentin)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "test"));
        time.travelTo(J.plus(Duration.ofDays(33)));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(quentin))
                .setVariable("contactId", quentin).setVariable("segment", "INACTIVE").correlateAllWithResult();
        time.runDueJobs();
        dispatcher.dispatchDue();
        JsonNode missYou = message(api, quentin, "winback-miss-you");
        assertThat(missYou.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(missYou.get("skipReason").asText()).isEqualTo("PRESSURE_CAP");
        // ...but he comes back: welcome back (EXEMPT) goes at once
        api.post("/api/events", "{\"contactId\":" + quentin + ",\"type\":\"VISIT\"}");
        time.runDueJobs();
        dispatcher.dispatchDue();
        assertThat(message(api, quentin, "welcome-back").get("status").asText()).isEqualTo("SENT");

        // Pia's relaunch 2 (DEFER) waits for room
        time.travelTo(J.plus(Duration.ofDays(37)));
        time.runDueJobs();
        dispatcher.dispatchDue();
        JsonNode relaunch2 = message(api, pia, "relaunch-2");
        assertThat(relaunch2.get("status").asText()).isEqualTo("PENDING");
        assertThat(Instant.parse(relaunch2.get("nextAttemptAt").asText())).isEqualTo(J.plus(Duration.ofDays(40)));
        assertThat(received(pia)).as("the welcome and relaunch 1").isEqualTo(2);
        time.travelTo(J.plus(Duration.ofDays(40)).minusSeconds(60));
        dispatcher.dispatchDue();
        assertThat(received(pia)).isEqualTo(2);
        time.travelTo(J.plus(Duration.ofDays(40)));
        dispatcher.dispatchDue();
        assertThat(received(pia)).as("sent when the cap allows it").isEqualTo(3);

        JsonNode kpis = api.get("/api/kpis").json().get("totals");
        assertThat(kpis.get("deferredByPressure").asLong()).isEqualTo(1);
        assertThat(kpis.get("skippedByReason").get("PRESSURE_CAP").asLong()).isEqualTo(1);
    }

    private static long signUp(Api api, String firstName) {
        String externalId = "pressure-" + UUID.randomUUID();
        return api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"" + firstName + "\",\"locale\":\"en\",\"emailConsent\":true,"
                + "\"smsConsent\":false}").json().get("id").asLong();
    }

    private static JsonNode message(Api api, long contactId, String template) {
        for (JsonNode m : api.get("/api/outbox?contactId=" + contactId).json()) {
            if (m.get("template").asText().equals(template)) {
                return m;
            }
        }
        throw new AssertionError("no " + template + " for " + contactId);
    }

    private long received(long contactId) {
        String email = new Api(port).get("/api/contacts/" + contactId).json().get("email").asText();
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(email);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
    }
}
