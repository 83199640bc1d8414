package io.rekindle.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.StatementCounter;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * HTTP Basic credentials verified once are trusted for {@code rekindle.security.credentials-cache-ttl} (2 s here):
 * the identity tables are read once, not per request (counted at the real DataSource); a wrong password is checked
 * every time, refused and counted by the login throttle; a password or membership changed through the engine applies
 * at once, a password changed behind the engine's back (another node, SQL) within the TTL.
 */
@RekindleIntegrationTest(properties = "rekindle.security.credentials-cache-ttl=PT2S")
@Import(StatementCounter.class)
class VerifiedCredentialsTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    /** A statement that reads or writes the engine's users, groups or memberships. */
    private static final java.util.regex.Pattern IDENTITY_TABLES = java.util.regex.Pattern.compile(
            "(FROM|JOIN|INTO|UPDATE) ACT_ID_");
    /** LoginThrottle.FREE_FAILURES: wrong passwords in a row that cost nothing yet. */
    private static final int FREE_FAILURES = 5;

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    DataSource dataSource;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private void user(String name, String password) {
        var user = identity.newUser(name);
        user.setPassword(password);
        identity.saveUser(user);
        identity.createMembership(name, Role.VIEWER.groupId());
    }

    private int kpis(String user, String password) {
        return api.get("/api/kpis", Api.basic(user, password)).status();
    }

    private static long identityReads() {
        return StatementCounter.fromRequests().stream().filter(s -> IDENTITY_TABLES.matcher(s.sql()).find()).count();
    }

    @Test
    void theSecondRequestWithTheSameCredentialsDoesNotReadTheIdentityTables() {
        user("cached", "first-Password-1");
        StatementCounter.clear();
        assertThat(kpis("cached", "first-Password-1")).isEqualTo(200);
        assertThat(identityReads()).as("verified against the engine").isPositive();

        StatementCounter.clear();
        assertThat(kpis("cached", "first-Password-1")).isEqualTo(200);
        assertThat(kpis("cached", "first-Password-1")).isEqualTo(200);
        assertThat(identityReads()).as("from the cache").isZero();
    }

    @Test
    void requestsArrivingWhileTheirCredentialsAreVerifiedWaitForThatOneVerification() throws Exception {
        user("busy", "busy-Password-6");
        assertThat(kpis("busy", "busy-Password-6")).isEqualTo(200);
        StatementCounter.clear();
        assertThat(kpis("busy", "busy-Password-6")).isEqualTo(200);
        assertThat(identityReads()).isZero();
        Thread.sleep(TTL.plusMillis(500).toMillis());

        // the entry has expired: an integration's 8 requests in flight at that moment
        StatementCounter.clear();
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var answers = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return kpis("busy", "busy-Password-6");
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        long inFlight = identityReads();
        assertThat(inFlight).as("one verification, not one per request in flight")
                .isEqualTo(identityReadsOfOneVerification("busy", "busy-Password-6")).isPositive();
    }

    /** The identity statements one verification of these credentials costs, counted on a fresh entry. */
    private long identityReadsOfOneVerification(String user, String password) throws InterruptedException {
        Thread.sleep(TTL.plusMillis(500).toMillis());
        StatementCounter.clear();
        assertThat(kpis(user, password)).isEqualTo(200);
        return identityReads();
    }

    @Test
    void aWrongPasswordAfterTheRightOneIsRefusedEveryTimeAndTheThrottleCountsIt() {
        user("guessed", "right-Password-2");
        assertThat(kpis("guessed", "right-Password-2")).isEqualTo(200);

        for (int attempt = 1; attempt <= FREE_FAILURES; attempt++) {
            StatementCounter.clear();
            assertThat(kpis("guessed", "wrong-" + attempt)).isEqualTo(401);
            assertThat(identityReads()).as("a wrong password is checked by the engine").isPositive();
        }
        assertThat(kpis("guessed", "right-Password-2")).as("the throttle counted them, cached credentials or not")
                .isEqualTo(429);
    }

    @Test
    void aPasswordChangedThroughTheEngineStopsWorkingAtOnce() {
        user("changed", "old-Password-3");
        assertThat(kpis("changed", "old-Password-3")).isEqualTo(200);

        var user = identity.createUserQuery().userId("changed").singleResult();
        user.setPassword("new-Password-3");
        identity.saveUser(user);

        assertThat(kpis("changed", "old-Password-3")).isEqualTo(401);
        assertThat(kpis("changed", "new-Password-3")).isEqualTo(200);
    }

    @Test
    void aMembershipRemovedThroughTheEngineTakesTheRoleAwayAtOnce() {
        user("demoted", "some-Password-4");
        assertThat(kpis("demoted", "some-Password-4")).isEqualTo(200);

        identity.deleteMembership("demoted", Role.VIEWER.groupId());

        assertThat(kpis("demoted", "some-Password-4")).isEqualTo(403);
    }

    @Test
    void aPasswordChangedBehindTheEnginesBackStopsWorkingWithinTheTtl() throws InterruptedException {
        user("elsewhere", "old-Password-5");
        user("donor", "new-Password-5");
        assertThat(kpis("elsewhere", "old-Password-5")).isEqualTo(200);

        // another node (or SQL) gives "elsewhere" the donor's password: this node's engine sees no change
        var jdbc = JdbcClient.create(dataSource);
        String pwd = jdbc.sql("SELECT PWD_ FROM ACT_ID_USER WHERE ID_ = 'donor'").query(String.class).single();
        String salt = jdbc.sql("SELECT SALT_ FROM ACT_ID_USER WHERE ID_ = 'donor'").query(String.class).single();
        jdbc.sql("UPDATE ACT_ID_USER SET PWD_ = ?, SALT_ = ? WHERE ID_ = 'elsewhere'").params(pwd, salt).update();

        assertThat(kpis("elsewhere", "old-Password-5")).as("still trusted: verified less than a TTL ago")
                .isEqualTo(200);
        Thread.sleep(TTL.plusMillis(500).toMillis());
        assertThat(kpis("elsewhere", "old-Password-5")).as("one TTL later").isEqualTo(401);
        assertThat(kpis("elsewhere", "new-Password-5")).isEqualTo(200);
    }

    @Test
    void aZeroTtlChecksEveryTimeAndOnlySuccessesAreKept() {
        var calls = new AtomicInteger();
        List<GrantedAuthority> viewer = List.of(new SimpleGrantedAuthority("ROLE_VIEWER"));
        var none = new VerifiedCredentials(Duration.ZERO);
        none.authorities("u", "p", () -> counted(calls, viewer));
        none.authorities("u", "p", () -> counted(calls, viewer));
        assertThat(calls).hasValue(2);

        var kept = new VerifiedCredentials(Duration.ofMinutes(1));
        assertThatThrownBy(() -> kept.authorities("u", "p", () -> {
            calls.incrementAndGet();
            throw new BadCredentialsException("wrong");
        })).isInstanceOf(BadCredentialsException.class);
        assertThat(kept.authorities("u", "p", () -> counted(calls, viewer))).isEqualTo(viewer);
        assertThat(kept.authorities("u", "p", () -> counted(calls, viewer))).isEqualTo(viewer);
        assertThat(kept.authorities("u", "other", () -> counted(calls, viewer))).isEqualTo(viewer);
        assertThat(calls).as("the failure, the first success, another password").hasValue(5);
    }

    private static List<GrantedAuthority> counted(AtomicInteger calls, List<GrantedAuthority> authorities) {
        calls.incrementAndGet();
        return authorities;
    }
}
