package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A stranger who knows a user name cannot lock that user out: wrong passwords make the source that sends them wait
 * (429 and Retry-After, growing to at most 5 minutes), the wait ends by itself, the right password then works — after
 * 40 wrong ones, where the engine's default locked the account for ever at the 10th — and an administrator can end
 * the wait at once.
 */
@RekindleIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottleTest {

    private static final String RIGHT = "the-Real-password-42";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    ManagementService management;

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    private void user(String name) {
        var user = identity.newUser(name);
        user.setPassword(RIGHT);
        identity.saveUser(user);
        identity.createMembership(name, "viewer");
    }

    @Test
    @Order(1)
    void wrongPasswordsMakeTheSourceWaitButNeverLockTheAccount() {
        user("victim");
        Api api = new Api(port);
        TimeMachine time = new TimeMachine(management);
        time.travelTo(Instant.now().plus(Duration.ofDays(1)));

        for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES; attempt++) {
            assertThat(api.get("/api/kpis", Api.basic("victim", "guess-" + attempt)).status()).isEqualTo(401);
        }
        var waiting = api.get("/api/kpis", Api.basic("victim", RIGHT));
        assertThat(waiting.status()).as("even the right password waits now").isEqualTo(429);
        assertThat(waiting.contentType()).startsWith("application/problem+json");
        assertThat(waiting.json().get("detail").asText()).contains("try again in 2 s");

        time.advance(Duration.ofSeconds(3));
        assertThat(api.get("/api/kpis", Api.basic("victim", RIGHT)).status()).as("after the wait").isEqualTo(200);

        // an attacker who keeps going at the pace the waits allow: 40 wrong passwords, the waits grow to 5 minutes
        for (int attempt = 1; attempt <= 40; attempt++) {
            int status = api.get("/api/kpis", Api.basic("victim", "guess-" + attempt)).status();
            assertThat(status).isIn(401, 429);
            time.advance(Duration.ofSeconds(301));
        }
        assertThat(api.get("/api/kpis", Api.basic("victim", RIGHT)).status())
                .as("never locked for good: once the last wait is over the real user is in").isEqualTo(200);
    }

    @Test
    @Order(2)
    void anAdministratorEndsTheWaitAtOnce() {
        user("hurried");
        Api api = new Api(port);
        for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES + 3; attempt++) {
            api.get("/api/kpis", Api.basic("hurried", "guess-" + attempt));
        }
        assertThat(api.get("/api/kpis", Api.basic("hurried", RIGHT)).status()).isEqualTo(429);
        assertThat(api.send("DELETE", "/api/login-throttles/hurried", null, null, Api.basic(Api.USER, Api.PASSWORD))
                .status()).isEqualTo(204);
        assertThat(api.get("/api/kpis", Api.basic("hurried", RIGHT)).status()).isEqualTo(200);
    }

    /** Last: the whole source (every test's) waits afterwards. */
    @Test
    @Order(3)
    void aPasswordSprayOverManyAccountsMakesTheSourceWaitUntilTheWindowHasPassed() {
        user("sprayed");
        Api api = new Api(port);
        TimeMachine time = new TimeMachine(management);
        time.travelTo(Instant.now().plus(Duration.ofDays(2))); // past the failures of the tests before
        for (int account = 1; account <= LoginThrottle.SOURCE_LIMIT; account++) {
            assertThat(api.get("/api/kpis", Api.basic("someone" + account, "Summer2026!")).status()).isEqualTo(401);
        }
        var refused = api.get("/api/kpis", Api.basic("someoneelse", "Summer2026!"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").asText()).contains("try again in");
        assertThat(api.get("/api/kpis", Api.basic("sprayed", RIGHT)).status()).as("from the same source").isEqualTo(429);

        time.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(api.get("/api/kpis", Api.basic("sprayed", RIGHT)).status()).isEqualTo(200);
    }
}
