package io.rekindle.kpi;

import static io.rekindle.kpi.KpiScenario.assertNoRate;
import static io.rekindle.kpi.KpiScenario.assertRate;
import static io.rekindle.kpi.KpiScenario.card;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.email.EmailDispatcher;
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
 * The edges of the per-journey rates and the cost per reactivation, with an email priced at 0.25 (the lowercase key
 * an environment variable binds to). Relaunch 1 of four sign-ups goes on three different days, so that each day is
 * a period of its own: nothing sent (no consent), sent but not delivered (hard bounce), delivered with one contact
 * coming back.
 */
@RekindleIntegrationTest(properties = "rekindle.kpi.cost-per-message.email=0.25")
class JourneyKpisTest {

    private static final Instant J = Instant.parse("2027-02-01T08:00:00Z");
    private static final String RELAUNCH = "new-signup-relaunch";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void ratesOfNothingAreNoRatesAndEachReactivationCostsItsShareOfTheSends() {
        Api api = new Api(port);
        KpiScenario seed = new KpiScenario(api, new TimeMachine(engine.getManagementService()), dispatcher, jdbc, J);
        seed.signUp("Eve", false);
        seed.at(2);
        long fay = seed.signUp("Fay", true);
        seed.at(4);
        long gus = seed.signUp("Gus", true);
        seed.signUp("Hal", true);

        seed.at(30); // Eve's relaunch 1: skipped, no consent
        seed.at(32); // Fay's
        seed.bounce(fay, seed.message(fay, "relaunch-1"), "HARD");
        seed.at(34); // Gus's and Hal's
        seed.at(35);
        seed.event(gus, "VISIT", null, null); // Gus comes back to the site: reactivated, not a conversion

        JsonNode nothingSent = card(day(api, 30), RELAUNCH);
        assertThat(nothingSent.get("contactsIn").asLong()).as("nobody started that day").isZero();
        assertThat(nothingSent.get("sent").asLong()).isZero();
        assertNoRate(nothingSent.get("deliveryRate"), 0, "sent");
        assertNoRate(nothingSent.get("openRate"), 0, "delivered");
        assertNoRate(nothingSent.get("clickRate"), 0, "delivered");
        assertNoRate(nothingSent.get("conversionRate"), 0, "delivered");
        assertThat(nothingSent.get("cost").decimalValue()).isZero();
        assertThat(nothingSent.get("costPerReactivation").isNull()).isTrue();

        JsonNode nothingDelivered = card(day(api, 32), RELAUNCH);
        assertThat(nothingDelivered.get("sent").asLong()).isEqualTo(1);
        assertRate(nothingDelivered.get("deliveryRate"), 0, 1, "sent", 0.0); // a real 0 %: one sent, none arrived
        assertNoRate(nothingDelivered.get("openRate"), 0, "delivered");
        assertNoRate(nothingDelivered.get("clickRate"), 0, "delivered");
        assertNoRate(nothingDelivered.get("conversionRate"), 0, "delivered");
        assertThat(nothingDelivered.get("cost").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(nothingDelivered.get("reactivated").asLong()).isZero();
        assertThat(nothingDelivered.get("costPerReactivation").isNull()).as("no reactivation: no cost of one")
                .isTrue();

        JsonNode oneBack = card(day(api, 34), RELAUNCH);
        assertThat(oneBack.get("sent").asLong()).isEqualTo(2);
        assertRate(oneBack.get("deliveryRate"), 2, 2, "sent", 1.0);
        assertRate(oneBack.get("conversionRate"), 0, 2, "delivered", 0.0);
        assertThat(oneBack.get("reactivated").asLong()).isEqualTo(1);
        assertThat(oneBack.get("cost").decimalValue()).isEqualByComparingTo("0.50"); // 2 emails × 0.25
        assertThat(oneBack.get("costPerReactivation").decimalValue()).isEqualByComparingTo("0.50");
        assertThat(day(api, 34).get("costPerMessage").get("EMAIL").decimalValue()).isEqualByComparingTo("0.25");

        // contacts in: journeys started in the period, whatever was sent in it
        JsonNode started = api.get("/api/kpis/journeys?journey=" + RELAUNCH + "&from=" + J.plus(Duration.ofDays(4))
                + "&to=" + J.plus(Duration.ofDays(5))).json();
        assertThat(card(started, RELAUNCH).get("contactsIn").asLong()).isEqualTo(2);
        assertThat(card(started, RELAUNCH).get("sent").asLong()).as("Gus's and Hal's welcomes").isEqualTo(2);

        // over the whole time: 4 in; 6 sent (3 welcomes, 3 relaunches 1), 5 delivered, 1 back — each rate over its
        // own base
        JsonNode all = card(api.get("/api/kpis/journeys?journey=" + RELAUNCH).json(), RELAUNCH);
        assertThat(all.get("contactsIn").asLong()).isEqualTo(4);
        assertRate(all.get("deliveryRate"), 5, 6, "sent", 5.0 / 6);
        assertThat(all.get("costPerReactivation").decimalValue()).isEqualByComparingTo("1.50"); // 6 × 0.25 / 1
    }

    /** The journey report for one day (UTC) after J. */
    private static JsonNode day(Api api, int day) {
        Instant start = J.plus(Duration.ofDays(day));
        Api.Response response = api.get("/api/kpis/journeys?journey=" + RELAUNCH + "&from=" + start + "&to="
                + start.plus(Duration.ofDays(1)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
