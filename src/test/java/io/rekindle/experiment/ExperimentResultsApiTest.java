package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET /api/experiments} and {@code /api/experiments/{id}} over HTTP on a relaunch holdout of 50 %: contacts
 * signed up through the contact service (the relaunch starts and records the arm), purchases through the event
 * intake, on the test clock. Every expected figure is computed by hand in this class from the purchases it makes —
 * counts, rates and sums by arithmetic, the interval by Newcombe's method 10 and the sample size by Fleiss' formula
 * worked on paper (the working is in the comments) — never read back from the code under test.
 */
@RekindleIntegrationTest(properties = "rekindle.experiments.holdout.newsignuprelaunch.share=50")
class ExperimentResultsApiTest extends OverHttp {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String ID = "holdout:new-signup-relaunch";
    private static final Assignment RELAUNCH = new Assignment(ID,
            List.of(new Arm("holdout", 5000), new Arm("treated", 5000)));

    @Autowired
    ContactService contacts;
    @Autowired
    EventIntake events;

    @Override
    protected Instant start() {
        return T0;
    }

    @Test
    void figuresPerArmLiftAndVerdictAreTheOnesComputedByHand() {
        // at least three held out and four treated, all assigned at T0 (the sign-up starts the relaunch); the
        // contacts signed up beyond those are in their arm too and buy nothing
        List<Contact> held = new ArrayList<>();
        List<Contact> treated = new ArrayList<>();
        for (int i = 0; held.size() < 3 || treated.size() < 4; i++) {
            Contact contact = signUp("xp-" + i);
            (RELAUNCH.armFor(contact.id()).equals("holdout") ? held : treated).add(contact);
        }
        int nh = held.size();
        int nt = treated.size();

        // treated 1 buys 10 + 20 in the window, treated 2 buys 30, treated 3 buys 50 after the 7 days (T0 + 10 d)
        time.travelTo(T0.plus(Duration.ofDays(1)));
        buy(treated.get(0), "10.00");
        time.travelTo(T0.plus(Duration.ofDays(2)));
        buy(treated.get(0), "20.00");
        time.travelTo(T0.plus(Duration.ofDays(3)));
        buy(treated.get(1), "30.00");
        time.travelTo(T0.plus(Duration.ofDays(10)));
        buy(treated.get(2), "50.00");

        JsonNode list = ok("/api/experiments");
        assertThat(list).singleElement().satisfies(e -> {
            assertThat(e.get("id").asText()).isEqualTo(ID);
            assertThat(e.get("journey").asText()).isEqualTo("new-signup-relaunch");
            assertThat(e.get("share").decimalValue()).isEqualByComparingTo("50");
            assertThat(e.get("salt").asText()).isEqualTo(ID);
            assertThat(e.get("configured").asBoolean()).isTrue();
            assertThat(e.get("arms").get(0).get("arm").asText()).isEqualTo("holdout");
            assertThat(e.get("arms").get(0).get("contacts").asLong()).isEqualTo(nh);
            assertThat(e.get("arms").get(1).get("arm").asText()).isEqualTo("treated");
            assertThat(e.get("arms").get(1).get("contacts").asLong()).isEqualTo(nt);
        });

        // default window: the KPI attribution window, P7D; default minimum effect: 2 points
        JsonNode week = ok("/api/experiments/" + ID);
        assertThat(week.get("window").asText()).isEqualTo("PT168H");
        assertThat(week.get("minimumEffectPoints").decimalValue()).isEqualByComparingTo("2");
        JsonNode holdout = arm(week, "holdout");
        JsonNode treatedArm = arm(week, "treated");
        // the holdout bought nothing: the arm with zero conversions
        assertThat(holdout.get("control").asBoolean()).isTrue();
        assertThat(holdout.get("contacts").asLong()).isEqualTo(nh);
        assertThat(holdout.get("conversions").asLong()).isZero();
        assertThat(holdout.get("conversionRate").asDouble()).isZero();
        assertThat(holdout.get("revenuePerContact").asDouble()).isZero();
        assertThat(treatedArm.get("control").asBoolean()).isFalse();
        assertThat(treatedArm.get("contacts").asLong()).isEqualTo(nt);
        assertThat(treatedArm.get("conversions").asLong()).isEqualTo(2);
        assertThat(treatedArm.get("conversionRate").asDouble()).isCloseTo(2.0 / nt, within(1e-12));
        assertThat(treatedArm.get("revenue").decimalValue()).isEqualByComparingTo("60.00"); // 10 + 20 + 30
        assertThat(treatedArm.get("revenuePerContact").asDouble()).isCloseTo(60.0 / nt, within(1e-9));

        // the lift, by Newcombe's method 10 and the pooled z-test written out below (ints, not the API's numbers)
        double[] expected = newcombe(0, nh, 2, nt);
        JsonNode lift = week.get("lift");
        assertThat(lift.get("points").asDouble()).isCloseTo(200.0 / nt, within(1e-9));
        assertThat(lift.get("lowPoints").asDouble()).isCloseTo(expected[0] * 100, within(1e-6));
        assertThat(lift.get("highPoints").asDouble()).isCloseTo(expected[1] * 100, within(1e-6));
        assertThat(lift.get("pValue").asDouble()).isCloseTo(expected[2], within(1e-6));
        assertThat(lift.get("significant").asBoolean()).isFalse();
        if (nh == 3 && nt == 4) {
            // the worked example of the figures above: 2/4 against 0/3. Wilson 95 %: 0/3 → [0, 0.56150], 2/4 →
            // [0.15004, 0.84996]; low = 0.5 − √(0.34996² + 0.56150²) = −0.16163, high = 0.5 + 0.34996 = 0.84996;
            // pooled p = 2/7, se = √(2/7 · 5/7 · (1/3 + 1/4)) = 0.34503, z = 1.44914, p = 0.14730
            assertThat(lift.get("lowPoints").asDouble()).isCloseTo(-16.163, within(0.001));
            assertThat(lift.get("highPoints").asDouble()).isCloseTo(84.996, within(0.001));
            assertThat(lift.get("pValue").asDouble()).isCloseTo(0.14730, within(0.00001));
        }
        // revenue per contact: the holdout all 0 (variance 0), treated 30, 30 and nt − 2 zeros; Welch's interval
        // then rests on the treated arm alone with nt − 1 degrees of freedom (Student's table, two-sided 95 %)
        double mean = 60.0 / nt;
        double variance = (2 * (30 - mean) * (30 - mean) + (nt - 2) * mean * mean) / (nt - 1);
        double halfWidth = STUDENT_975[nt - 1] * Math.sqrt(variance / nt);
        JsonNode revenue = week.get("revenue");
        assertThat(revenue.get("perContact").asDouble()).isCloseTo(mean, within(1e-9));
        assertThat(revenue.get("low").asDouble()).isCloseTo(mean - halfWidth, within(0.001));
        assertThat(revenue.get("high").asDouble()).isCloseTo(mean + halfWidth, within(0.001));
        // Fleiss, p1 = 0, p2 = 0.02: (1.95996 · √(2 · 0.01 · 0.99) + 0.84162 · √(0.02 · 0.98))² / 0.02² = 387.34
        assertThat(week.get("sampleSizePerArm").asLong()).isEqualTo(388);
        assertThat(week.get("stillNeededPerArm").asLong()).isEqualTo(388 - Math.min(nh, nt));
        assertThat(week.get("verdict").asText()).isEqualTo("NOT_ENOUGH_DATA");
        assertThat(week.get("sentence").asText()).isEqualTo("Not enough data yet: " + (388 - Math.min(nh, nt))
                + " more contacts per arm are needed to detect a difference of 2 points.");

        // thirty days and a minimum effect of 50 points: treated 3 buys too (50), 3 converted, 110 in all
        JsonNode month = ok("/api/experiments/" + ID + "?window=P30D&minimumEffect=50");
        assertThat(arm(month, "treated").get("conversions").asLong()).isEqualTo(3);
        assertThat(arm(month, "treated").get("revenue").decimalValue()).isEqualByComparingTo("110.00");
        assertThat(arm(month, "treated").get("revenuePerContact").asDouble()).isCloseTo(110.0 / nt, within(1e-9));
        assertThat(arm(month, "holdout").get("conversions").asLong()).isZero();
        // Fleiss, p1 = 0, p2 = 0.5: (1.95996 · √(2 · 0.25 · 0.75) + 0.84162 · √0.25)² / 0.25 = 10.51 → 11
        assertThat(month.get("sampleSizePerArm").asLong()).isEqualTo(11);
        assertThat(month.get("stillNeededPerArm").asLong()).isEqualTo(Math.max(0, 11 - Math.min(nh, nt)));
    }

    @Test
    void unknownExperimentIs404AndBadParametersAre400() {
        assertThat(problem(api.get("/api/experiments/holdout:no-such-journey"), 404)).contains("No experiment");
        assertThat(problem(api.get("/api/experiments/anything"), 404)).contains("No experiment");
        for (String bad : List.of("window=seven-days", "window=-P1D", "window=PT0S", "window=P4000D",
                "window=PT0.5S", "minimumEffect=0", "minimumEffect=-1", "minimumEffect=101",
                "minimumEffect=lots")) {
            var response = api.get("/api/experiments/" + ID + "?" + bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.contentType()).as(bad).startsWith("application/problem+json");
        }
    }

    /** Two-sided 95 % quantiles of Student's t for 1 to 12 degrees of freedom, from the printed table. */
    private static final double[] STUDENT_975 = {Double.NaN, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646,
        2.3060, 2.2622, 2.2281, 2.2010, 2.1788};

    /**
     * Newcombe's hybrid score interval (method 10, Statistics in Medicine 1998) for x2/n2 − x1/n1 and the pooled
     * z-test's two-sided p: {low, high, p}, written out independently of the app's.
     */
    private static double[] newcombe(int x1, int n1, int x2, int n2) {
        double z = 1.959963984540054;
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double[] w1 = wilson(p1, n1, z);
        double[] w2 = wilson(p2, n2, z);
        double low = p2 - p1 - Math.sqrt(Math.pow(p2 - w2[0], 2) + Math.pow(w1[1] - p1, 2));
        double high = p2 - p1 + Math.sqrt(Math.pow(w2[1] - p2, 2) + Math.pow(p1 - w1[0], 2));
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double zStat = (p2 - p1) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(
                Math.abs(zStat)));
        return new double[] {low, high, p};
    }

    private static double[] wilson(double p, int n, double z) {
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return new double[] {centre - half, centre + half};
    }

    private JsonNode ok(String path) {
        var response = api.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Contact signUp(String name) {
        String externalId = "experiment-" + name;
        return contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Ada", "en", true,
                false)).orElseThrow();
    }

    private void buy(Contact contact, String amount) {
        events.accept(new EventRequest(contact.id(), null, EventType.PURCHASE, null, null, new BigDecimal(amount),
                null, null));
    }

    private static JsonNode arm(JsonNode result, String name) {
        for (JsonNode arm : result.get("arms")) {
            if (arm.get("arm").asText().equals(name)) {
                return arm;
            }
        }
        throw new AssertionError("no arm " + name + " in " + result);
    }

    private static String problem(io.rekindle.support.Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.json().get("detail").asText();
    }
}
