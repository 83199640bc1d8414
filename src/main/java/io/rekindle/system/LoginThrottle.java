package io.rekindle.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Wrong passwords slow down the source that sends them, never lock the account: a stranger guessing a password (or
 * failing on purpose to keep the real user out) is made to wait, while the user logging in from elsewhere is not.
 * <ul>
 * <li>per source and account: {@value #FREE_FAILURES} wrong passwords in a row are free, then each next try waits
 * 2, 4, 8… seconds after the last failure, at most {@link #MAX_WAIT}; a success from that source clears it;</li>
 * <li>per source, all accounts together: more than {@value #SOURCE_LIMIT} wrong passwords within {@link #WINDOW}
 * and the source waits until the oldest of them is that old (a password spray over many accounts).</li>
 * </ul>
 * An administrator clears an account's waits at once ({@code DELETE /api/login-throttles/{account}}). Kept in memory,
 * per node, bounded: a restart forgets, and each node of a cluster counts for itself.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    static final int FREE_FAILURES = 5;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final int SOURCE_LIMIT = 30;
    static final Duration WINDOW = Duration.ofMinutes(10);
    // beyond this many sources and pairs kept, the stale ones go, then (under a flood) everything: memory stays bounded
    private static final int MAX_ENTRIES = 100_000;

    private record Pair(String source, String account) {
    }

    private record Streak(int failures, Instant last) {
    }

    private final Map<Pair, Streak> streaks = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> sources = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this source must wait before it may try this account again; empty when it may try now. */
    public Optional<Duration> waitFor(String source, String account) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        Streak streak = account == null ? null : streaks.get(new Pair(source, account));
        if (streak != null && streak.failures() >= FREE_FAILURES) {
            Duration delay = Duration.ofSeconds(1L << Math.min(streak.failures() - FREE_FAILURES + 1, 20));
            delay = delay.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : delay;
            wait = max(wait, Duration.between(now, streak.last().plus(delay)));
        }
        Deque<Instant> failures = sources.get(source);
        if (failures != null) {
            synchronized (failures) {
                prune(failures, now);
                if (failures.size() >= SOURCE_LIMIT) {
                    wait = max(wait, Duration.between(now, failures.peekFirst().plus(WINDOW)));
                }
            }
        }
        return !wait.isNegative() && !wait.isZero() ? Optional.of(wait) : Optional.empty();
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String source = source(event.getAuthentication());
        String account = event.getAuthentication().getName();
        if (source == null || account == null) {
            return;
        }
        Instant now = clock.instant();
        bound();
        streaks.merge(new Pair(source, account), new Streak(1, now),
                (old, one) -> new Streak(old.failures() + 1, now));
        Deque<Instant> failures = sources.computeIfAbsent(source, s -> new ArrayDeque<>());
        synchronized (failures) {
            prune(failures, now);
            failures.addLast(now);
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        String source = source(event.getAuthentication());
        if (source != null) {
            streaks.remove(new Pair(source, event.getAuthentication().getName()));
        }
    }

    /** An administrator lets the account be tried again at once, from every source. */
    public int clear(String account) {
        int cleared = 0;
        for (Pair pair : streaks.keySet()) {
            if (pair.account().equals(account) && streaks.remove(pair) != null) {
                cleared++;
            }
        }
        log.info("Login waits cleared for one account ({} sources)", cleared);
        return cleared;
    }

    private static String source(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
                : null;
    }

    private static void prune(Deque<Instant> failures, Instant now) {
        while (!failures.isEmpty() && !failures.peekFirst().plus(WINDOW).isAfter(now)) {
            failures.removeFirst();
        }
    }

    private void bound() {
        if (streaks.size() + sources.size() < MAX_ENTRIES) {
            return;
        }
        Instant stale = clock.instant().minus(WINDOW.compareTo(MAX_WAIT) > 0 ? WINDOW : MAX_WAIT);
        streaks.values().removeIf(s -> s.last().isBefore(stale));
        sources.values().removeIf(d -> {
            synchronized (d) {
                return d.isEmpty() || d.peekLast().isBefore(stale);
            }
        });
        if (streaks.size() + sources.size() >= MAX_ENTRIES) {
            log.warn("Login throttle full of recent failures ({} entries): forgetting them", MAX_ENTRIES);
            streaks.clear();
            sources.clear();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
