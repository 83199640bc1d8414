package io.rekindle.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** What the HTTP tests cannot show from one address: the wait is the failing source's, not the account's. */
class LoginThrottleSourcesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-07-01T09:00:00Z"), ZoneOffset.UTC);
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private static UsernamePasswordAuthenticationToken login(String account, String source) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(account, "x");
        token.setDetails(new WebAuthenticationDetails(source, null));
        return token;
    }

    private void fail(String account, String source, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(new AuthenticationFailureBadCredentialsEvent(login(account, source),
                    new BadCredentialsException("wrong")));
        }
    }

    @Test
    void theAttackersSourceWaitsTheRealUsersDoesNot() {
        fail("marie", "203.0.113.9", 12);

        assertThat(throttle.waitFor("203.0.113.9", "marie")).hasValue(Duration.ofSeconds(256));
        assertThat(throttle.waitFor("198.51.100.7", "marie")).as("Marie at her desk").isEmpty();
        assertThat(throttle.waitFor("203.0.113.9", "paul")).as("below the spray limit").isEmpty();
    }

    @Test
    void aSuccessClearsThatSourcesStreak() {
        fail("marie", "198.51.100.7", 4);
        throttle.succeeded(new AuthenticationSuccessEvent(login("marie", "198.51.100.7")));
        fail("marie", "198.51.100.7", 4);

        assertThat(throttle.waitFor("198.51.100.7", "marie")).as("4 + 4 with a success between").isEmpty();
    }

    @Test
    void theWaitGrowsThenStopsGrowing() {
        fail("marie", "203.0.113.9", LoginThrottle.FREE_FAILURES);
        assertThat(throttle.waitFor("203.0.113.9", "marie")).hasValue(Duration.ofSeconds(2));
        fail("marie", "203.0.113.9", 1);
        assertThat(throttle.waitFor("203.0.113.9", "marie")).hasValue(Duration.ofSeconds(4));
        fail("marie", "203.0.113.9", 20);
        assertThat(throttle.waitFor("203.0.113.9", "marie")).hasValue(LoginThrottle.MAX_WAIT);
    }
}
