package io.rekindle.kpi;

import static io.rekindle.kpi.KpiScenario.assertRate;
import static io.rekindle.kpi.KpiScenario.card;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.email.EmailDispatcher;
import io.rekindle.experiment.VariantSpec;
import io.rekindle.experiment.Variants;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TestDatabase;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The KPIs against hand-computed values: four sign-ups go through the relaunch journey with real emails (GreenMail),
 * opens, a click, purchases inside and outside the attribution window, a contact without consent; then a
 * classification run and a comeback. Every figure of GET /api/kpis is checked.
 */
@RekindleIntegrationTest
class KpiTest {

    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Variants variants;

    Api api;
    TimeMachine time;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void everyFigureMatchesWhatHappened() {
        api = new Api(port);
        time = new TimeMachine(engine.getManagementService());
        KpiScenario seed = new KpiScenario(api, time, dispatcher, jdbc, J);
        long ada = seed.signUp("Ada", true);
        long bea = seed.signUp("Bea", true);
        long cyd = seed.signUp("Cyd", false);
        long dan = seed.signUp("Dan", true);

        seed.at(30); // relaunch 1: Ada, Bea, Dan sent; Cyd skipped (no consent)
        long adaRelaunch1 = seed.message(ada, "relaunch-1");
        seed.event(ada, "EMAIL_OPENED", adaRelaunch1, null);
        seed.event(ada, "EMAIL_CLICKED", adaRelaunch1, null);
        seed.event(dan, "EMAIL_OPENED", seed.message(dan, "relaunch-1"), null);
        seed.at(31);
        seed.bounce(dan, seed.message(dan, "relaunch-1"), "HARD"); // Dan's address is gone: not delivered after all
        seed.at(32);
        seed.event(ada, "PURCHASE", null, "40.00"); // 2 days after relaunch 1: converted
        seed.at(33);
        seed.event(ada, "UNSUBSCRIBED", adaRelaunch1, null); // from the link in relaunch 1
        seed.at(37); // relaunch 2: Bea sent, Cyd skipped
        seed.at(50);
        seed.event(bea, "PURCHASE", null, "25.00"); // 13 days after relaunch 2: outside the 7-day window
        seed.at(51);
        seed.bounce(bea, seed.message(bea, "relaunch-2"), "SOFT"); // full mailbox: relaunch 2 goes again later
        seed.at(60);
        assertThat(api.post("/api/classification/runs", "").status()).isEqualTo(202);
        time.runDueJobs(); // Ada, Bea ENGAGED; Cyd, Dan NEW_INACTIVE
        seed.at(61);
        seed.event(dan, "PURCHASE", null, "10.00"); // Dan comes back: reactivated, not a conversion (31 days)

        JsonNode kpis = api.get("/api/kpis").json();

        JsonNode totals = kpis.get("totals");
        // the welcomes at sign-up: Ada, Bea, Dan sent and delivered, Cyd's skipped (no consent)
        assertThat(totals.get("written").asLong()).isEqualTo(10);
        assertThat(totals.get("sent").asLong()).isEqualTo(7);
        assertThat(totals.get("delivered").asLong()).isEqualTo(6);
        assertThat(totals.get("failed").asLong()).isZero();
        assertThat(totals.get("bounced").asLong()).isEqualTo(2);
        assertThat(totals.get("bouncedHard").asLong()).isEqualTo(1);
        assertThat(totals.get("bouncedSoft").asLong()).isEqualTo(1);
        assertThat(totals.get("skipped").asLong()).isEqualTo(3);
        assertThat(totals.get("skippedByReason").get("NO_EMAIL_CONSENT").asLong()).isEqualTo(3);
        assertThat(totals.get("opened").asLong()).isEqualTo(2);
        assertThat(totals.get("clicked").asLong()).isEqualTo(1);
        assertThat(totals.get("unsubscribed").asLong()).isEqualTo(1);
        assertThat(totals.get("converted").asLong()).isEqualTo(1);
        assertThat(totals.get("revenue").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(totals.get("cost").decimalValue()).isEqualByComparingTo("0.014"); // 7 emails × 0.002
        assertThat(kpis.get("note").asText()).contains("Opens are inflated");

        JsonNode welcome = step(kpis, "Task_SendWelcome");
        assertThat(welcome.get("template").asText()).isEqualTo("welcome");
        assertThat(welcome.get("figures").get("sent").asLong()).isEqualTo(3);
        assertThat(welcome.get("figures").get("delivered").asLong()).isEqualTo(3);
        assertThat(welcome.get("figures").get("converted").asLong()).as("bought long after it").isZero();
        JsonNode relaunch1 = step(kpis, "Task_SendRelaunch1");
        assertThat(relaunch1.get("template").asText()).isEqualTo("relaunch-1");
        assertThat(relaunch1.get("figures").get("sent").asLong()).isEqualTo(3);
        assertThat(relaunch1.get("figures").get("delivered").asLong()).isEqualTo(2);
        assertThat(relaunch1.get("figures").get("bouncedHard").asLong()).isEqualTo(1);
        assertThat(relaunch1.get("figures").get("opened").asLong()).isEqualTo(2);
        assertThat(relaunch1.get("figures").get("unsubscribed").asLong()).isEqualTo(1);
        assertThat(relaunch1.get("figures").get("converted").asLong()).isEqualTo(1);
        JsonNode relaunch2 = step(kpis, "Task_SendRelaunch2");
        assertThat(relaunch2.get("figures").get("sent").asLong()).isEqualTo(1);
        assertThat(relaunch2.get("figures").get("bouncedSoft").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT attempts FROM outbox_message WHERE id = ?")
                .param(seed.message(bea, "relaunch-2"))
                .query(Integer.class).single()).as("sent again after the soft bounce").isEqualTo(2);
        assertThat(relaunch2.get("figures").get("converted").asLong()).isZero();

        JsonNode reactivation = kpis.get("reactivation");
        assertThat(reactivation.get("enteredInactive").asLong()).isEqualTo(2);
        assertThat(reactivation.get("reactivated").asLong()).isEqualTo(1);
        assertThat(reactivation.get("rate").asDouble()).isEqualTo(0.5);
        assertThat(reactivation.get("revenue").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(reactivation.get("costPerReactivation").decimalValue()).isEqualByComparingTo("0.014");

        JsonNode rate = kpis.get("inactiveRateOverTime").get(0);
        assertThat(rate.get("contacts").asLong()).isEqualTo(4);
        assertThat(rate.get("inactive").asLong()).isEqualTo(2);
        assertThat(rate.get("rate").asDouble()).isEqualTo(0.5);

        JsonNode relaunch = funnel(kpis, "new-signup-relaunch");
        assertThat(relaunch.get("entered").asLong()).isEqualTo(4);
        assertThat(relaunch.get("steps").get("Task_SendWelcome").asLong()).isEqualTo(4);
        assertThat(relaunch.get("steps").get("Task_SendRelaunch1").asLong()).isEqualTo(4);
        assertThat(relaunch.get("steps").get("Task_SendRelaunch2").asLong()).isEqualTo(2);
        assertThat(relaunch.get("ends").get("EndEvent_OpenedRelaunch1").asLong()).isEqualTo(2);
        assertThat(relaunch.get("ends").get("EndEvent_Activated").asLong()).isEqualTo(1);
        assertThat(relaunch.get("ends").has("EndEvent_Removed")).as("Cyd still waits for the hand-over").isFalse();

        // filters: one template, one time window, a channel with nothing
        JsonNode onlyRelaunch2 = api.get("/api/kpis?template=relaunch-2").json().get("totals");
        assertThat(onlyRelaunch2.get("written").asLong()).isEqualTo(2);
        assertThat(onlyRelaunch2.get("sent").asLong()).isEqualTo(1);
        JsonNode firstMonth = api.get("/api/kpis?from=" + J + "&to=" + J.plus(Duration.ofDays(31))).json();
        assertThat(firstMonth.get("totals").get("written").asLong()).as("4 welcomes, 4 relaunches 1").isEqualTo(8);
        assertThat(api.get("/api/kpis?channel=SMS").json().get("totals").get("written").asLong()).isZero();
        Api.Response bad = api.get("/api/kpis?channel=FAX");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/kpis", null).status()).isEqualTo(401);

        JsonNode byDay = kpis.get("byDay");
        assertThat(byDay).hasSize(4);
        assertThat(byDay.get(0).get("day").asText()).isEqualTo("2026-05-04"); // J: the welcomes
        assertThat(byDay.get(0).get("sent").asLong()).isEqualTo(3);
        assertThat(byDay.get(1).get("day").asText()).isEqualTo("2026-06-03"); // J+30
        assertThat(byDay.get(1).get("sent").asLong()).isEqualTo(3);
        assertThat(byDay.get(1).get("clicked").asLong()).isEqualTo(1);
        assertThat(byDay.get(2).get("day").asText()).isEqualTo("2026-06-05"); // J+32
        assertThat(byDay.get(2).get("converted").asLong()).isEqualTo(1);
        assertThat(byDay.get(2).get("revenue").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(byDay.get(3).get("day").asText()).isEqualTo("2026-07-03"); // J+60: relaunch 2 sent again
        assertThat(byDay.get(3).get("sent").asLong()).isEqualTo(1);

        JsonNode byMonth = kpis.get("reactivationOverTime").get(0);
        assertThat(byMonth.get("month").asText()).isEqualTo("2026-07");
        assertThat(byMonth.get("entered").asLong()).isEqualTo(2);
        assertThat(byMonth.get("reactivated").asLong()).isEqualTo(1);

        JsonNode report = api.get("/api/kpis/journeys").json();
        JsonNode card = card(report, "new-signup-relaunch");
        assertThat(card.get("name").asText()).isEqualTo("New sign-up relaunch");
        assertThat(card.get("contactsIn").asLong()).isEqualTo(4);
        assertThat(card.get("sent").asLong()).isEqualTo(7);
        assertThat(card.get("delivered").asLong()).isEqualTo(6);
        assertRate(card.get("deliveryRate"), 6, 7, "sent", 6.0 / 7);
        assertRate(card.get("openRate"), 2, 6, "delivered", 2.0 / 6);
        assertThat(card.get("openRate").get("caveat").asText()).isEqualTo("inflated");
        assertRate(card.get("clickRate"), 1, 6, "delivered", 1.0 / 6);
        assertRate(card.get("conversionRate"), 1, 6, "delivered", 1.0 / 6);
        assertThat(card.get("revenue").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(card.get("cost").decimalValue()).isEqualByComparingTo("0.014"); // 7 emails × 0.002
        assertThat(card.get("reactivated").asLong()).as("Ada clicked and bought after relaunch 1").isEqualTo(1);
        assertThat(card.get("costPerReactivation").decimalValue()).isEqualByComparingTo("0.014");
        assertThat(report.get("openNote").asText()).contains("Apple Mail Privacy Protection");
        assertThat(report.get("experiments")).as("no holdout on, no split reached: nothing invented").isEmpty();

        JsonNode steps = report.get("steps");
        assertThat(steps.get(0).get("step").asText()).isEqualTo("Task_SendWelcome");
        assertThat(steps.get(0).get("name").asText()).isEqualTo("Send welcome email");
        assertRate(steps.get(0).get("conversionRate"), 0, 3, "delivered", 0.0);
        assertThat(steps.get(1).get("step").asText()).isEqualTo("Task_SendRelaunch1");
        assertThat(steps.get(1).get("name").asText()).isEqualTo("Send relaunch 1 email with offer");
        assertRate(steps.get(1).get("conversionRate"), 1, 2, "delivered", 0.5);
        assertThat(steps.get(2).get("name").asText()).isEqualTo("Send relaunch 2 email \"Où êtes-vous ?\"");
        assertRate(steps.get(2).get("clickRate"), 0, 1, "delivered", 0.0);

        // by week of sending: relaunch 1 to Ada and Bea (week of 1 June, Ada converted), Bea's relaunch 2 delivered
        // on its second try (week of 29 June), the weeks between with nothing delivered: no rate
        // (and the three welcomes, week of 4 May)
        JsonNode trend = report.get("trend");
        assertThat(trend).hasSize(9);
        assertThat(trend.get(0).get("week").asText()).isEqualTo("2026-05-04");
        assertRate(trend.get(0).get("conversionRate"), 0, 3, "delivered", 0.0);
        assertThat(trend.get(4).get("week").asText()).isEqualTo("2026-06-01");
        assertRate(trend.get(4).get("conversionRate"), 1, 2, "delivered", 0.5);
        assertThat(trend.get(5).get("conversionRate").get("value").isNull()).isTrue();
        assertThat(trend.get(8).get("week").asText()).isEqualTo("2026-06-29");
        assertRate(trend.get(8).get("conversionRate"), 0, 1, "delivered", 0.0);

        JsonNode named = report.get("funnels").get(0);
        assertThat(named.get("name").asText()).isEqualTo("New sign-up relaunch");
        assertThat(named.get("steps").findValuesAsText("name")).contains("Send relaunch 1 email with offer",
                "Purchased or visited since sign-up?").noneMatch(name -> name.contains("_"));
        assertThat(named.get("ends").findValuesAsText("name")).contains("Opened relaunch 1, not converted");
        // in the order of the diagram: from the start event along the flow
        List<String> flow = named.get("steps").findValuesAsText("name");
        assertThat(flow.get(0)).isEqualTo("Contact signed up");
        assertThat(flow.indexOf("J+30")).isLessThan(flow.indexOf("Send relaunch 1 email with offer"));
        assertThat(flow.indexOf("Send relaunch 1 email with offer"))
                .isLessThan(flow.indexOf("Send relaunch 2 email \"Où êtes-vous ?\""));

        // May: the four sign-ups and their welcomes, no reactivation — no cost of one
        String may = "journey=new-signup-relaunch&from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z";
        JsonNode inMay = api.get("/api/kpis/journeys?" + may).json();
        assertThat(inMay.get("journeys")).hasSize(1);
        assertThat(inMay.get("journeys").get(0).get("contactsIn").asLong()).isEqualTo(4);
        assertRate(inMay.get("journeys").get(0).get("deliveryRate"), 3, 3, "sent", 1.0);
        assertThat(inMay.get("journeys").get(0).get("costPerReactivation").isNull()).isTrue();
        assertThat(api.get("/api/kpis/journeys?journey=Task_SendRelaunch1").status()).isEqualTo(400);
        assertThat(api.get("/api/kpis/journeys?from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z").contentType())
                .startsWith("application/problem+json");

        if (withBrowser()) {
            // after the sign-up day's welcomes, before J+30: nothing sent, rates of nothing are no rate
            JsonNode quiet = api.get("/api/kpis/journeys?journey=new-signup-relaunch&from=2026-05-05T00:00:00Z"
                    + "&to=2026-06-01T00:00:00Z").json();
            assertThat(quiet.get("journeys").get(0).get("sent").asLong()).isZero();
            // a variant experiment Ada and Bea reached (the split's own service, as the journey step calls it)
            VariantSpec spec = VariantSpec.parse("kpi-subject-test", "Subject: benefits vs question", "A:50,B:50",
                    "CONVERSION", null);
            variants.armOf(spec, "new-signup-relaunch", ada, false);
            variants.armOf(spec, "new-signup-relaunch", bea, false);
            JsonNode shown = api.get("/api/kpis/journeys").json();
            assertThat(shown.get("experiments")).filteredOn(x -> x.get("experiment").asText()
                    .equals("kpi-subject-test")).extracting(x -> x.get("variant").asText()).containsExactly("A", "B");
            DashboardPage.assertShows(port, shown, kpis, "new-signup-relaunch", "2026-05-05", "2026-05-31", quiet);
        }
    }

    /** The dashboard is checked once, in a real browser, on one database: the embedded one. */
    private static boolean withBrowser() {
        return TestDatabase.current() == TestDatabase.H2;
    }

    private static JsonNode step(JsonNode kpis, String step) {
        for (JsonNode s : kpis.get("byStep")) {
            if (s.get("step").asText().equals(step)) {
                return s;
            }
        }
        throw new AssertionError("no step " + step + " in " + kpis.get("byStep"));
    }

    private static JsonNode funnel(JsonNode kpis, String journey) {
        for (JsonNode f : kpis.get("funnels")) {
            if (f.get("journey").asText().equals(journey)) {
                return f;
            }
        }
        throw new AssertionError("no funnel " + journey);
    }
}
