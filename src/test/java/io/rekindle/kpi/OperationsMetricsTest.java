package io.rekindle.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.Api;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What operations scrape from {@code /actuator/prometheus}: an email that waits while SMTP is down shows in the
 * backlog and as a retry, then as sent once the server is back; due jobs, open incidents and the classification
 * run's duration are there too. The endpoint needs credentials.
 */
@RekindleIntegrationTest
@AutoConfigureObservability(tracing = false) // tests turn metrics export off unless asked
class OperationsMetricsTest {

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
    void tearDown() {
        smtp.stop();
        TimeMachine.reset();
    }

    @Test
    void sendsBacklogJobsIncidentsAndClassificationRunsAreScraped() {
        smtp.stop(); // SMTP down until the test brings it back
        Api api = new Api(port);
        TimeMachine time = new TimeMachine(engine.getManagementService());
        time.travelTo(J);
        String externalId = "metrics-" + UUID.randomUUID();
        api.post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"m@example.com\","
                + "\"firstName\":\"Mia\",\"locale\":\"en\",\"emailConsent\":true,\"smsConsent\":false}");
        time.runDueJobs(); // the welcome, waiting with SMTP down

        time.travelTo(J.plus(Duration.ofDays(30)));
        assertThat(metric(api, "rekindle_engine_jobs_due")).as("J+30 timer due, not run yet").isGreaterThanOrEqualTo(1);
        time.runDueJobs();
        assertThat(metric(api, "rekindle_outbox_backlog{channel=\"EMAIL\"}")).as("the welcome, relaunch 1").isEqualTo(2);

        dispatcher.dispatchDue(); // SMTP is down
        assertThat(metric(api, "rekindle_messages_total{channel=\"EMAIL\",outcome=\"retry\"}")).isEqualTo(2);
        assertThat(metric(api, "rekindle_outbox_backlog{channel=\"EMAIL\"}")).isEqualTo(2);

        smtp.start();
        time.advance(Duration.ofMinutes(2));
        dispatcher.dispatchDue();
        assertThat(metric(api, "rekindle_messages_total{channel=\"EMAIL\",outcome=\"sent\"}")).isEqualTo(2);
        assertThat(metric(api, "rekindle_outbox_backlog{channel=\"EMAIL\"}")).isZero();

        String waiting = engine.getRuntimeService().createExecutionQuery().activityId("Gateway_WaitRelaunch1")
                .singleResult().getId();
        double incidentsBefore = metric(api, "rekindle_engine_incidents_open");
        engine.getRuntimeService().createIncident("rekindle-test", waiting, "metrics", "for the gauge");
        assertThat(metric(api, "rekindle_engine_incidents_open")).isEqualTo(incidentsBefore + 1);

        api.post("/api/classification/runs", "");
        time.runDueJobs();
        assertThat(metric(api, "rekindle_classification_run_seconds_count")).isEqualTo(1);

        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
    }

    private static double metric(Api api, String series) {
        Api.Response scrape = api.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape.body());
        assertThat(value.find()).as(series + " in\n" + scrape.body()).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
