package io.rekindle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A stranger who knows a user name cannot lock that user out for good: wrong passwords slow the account down (the
 * engine's growing delay, at most a minute), and once the delay has passed the right password works again — after
 * 25 wrong ones, where the engine's default locked the account for ever at the 10th.
 */
@RekindleIntegrationTest
class LoginLockoutTest {

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

    @Test
    void wrongPasswordsSlowTheAccountDownButNeverLockItForGood() {
        var user = identity.newUser("victim");
        user.setPassword("the-Real-password-42");
        identity.saveUser(user);
        Api api = new Api(port);
        TimeMachine time = new TimeMachine(management);
        time.travelTo(java.time.Instant.parse("2026-07-01T09:00:00Z"));

        for (int attempt = 1; attempt <= 25; attempt++) {
            assertThat(api.get("/api/outbox?limit=1", Api.basic("victim", "guess-" + attempt)).status())
                    .isEqualTo(401);
            time.advance(Duration.ofSeconds(61)); // past each delay, so every attempt counts
        }
        // during a delay even the right password waits
        api.get("/api/outbox?limit=1", Api.basic("victim", "wrong-again"));
        assertThat(api.get("/api/outbox?limit=1", Api.basic("victim", "the-Real-password-42")).status())
                .as("within the delay").isEqualTo(401);

        time.advance(Duration.ofSeconds(61));

        assertThat(api.get("/api/outbox?limit=1", Api.basic("victim", "the-Real-password-42")).status())
                .as("after the delay, the real user is in").isEqualTo(200);
    }
}
