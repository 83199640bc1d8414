package io.rekindle.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarting under the node (issue 13), on a cluster of the test's own ({@link OwnPostgres}: a second
 * server on another port, stopped with {@code pg_ctl stop -m fast} and started again about 20 seconds later) while the
 * company's systems post purchases and retry each one on a 503 until it is acknowledged, as a sender does. Every
 * answer is a 2xx or a 503 problem with Retry-After, within seconds, never a 500. Two purchases are stored while a
 * row lock the test holds keeps their correlation waiting until the server stops: they are answered 202 PENDING.
 * Afterwards the node, never restarted, resumes by itself: the inbox correlates what it accepted (nobody gets
 * relaunch 2, with no retry from the sender for those two), a timer that fell due
 * during the outage is executed by the job executor and its email leaves through the outbox.
 */
class DatabaseOutagePostgresIT extends OutsideInTest {

    private static final int BUYERS = 12;
    /** Buyers whose purchase is posted at the moment the server stops. */
    private static final int IN_FLIGHT = 4;
    /**
     * Of those, buyers whose purchase is stored and its correlation then waits on a row lock the test holds on their
     * journey until the server stops: the correlation is cut for sure, and only the inbox can finish it.
     */
    private static final int HELD = 2;
    private static final Duration DOWN = Duration.ofSeconds(20);
    private static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private OwnPostgres postgres;

    @Override
    Database database() {
        return Database.POSTGRES;
    }

    /** The postgres profile on the test's own cluster; skipped only where the server binaries are missing. */
    @Override
    Map<String, String> databaseEnvironment(String name) {
        assumeTrue(OwnPostgres.available(), "no PostgreSQL 15 server binaries in " + OwnPostgres.BIN);
        postgres = OwnPostgres.start("rekindle");
        return Map.of("SPRING_PROFILES_ACTIVE", "postgres", "REKINDLE_DB_URL", postgres.url("rekindle"),
                "REKINDLE_DB_USER", "postgres", "REKINDLE_DB_PASSWORD", "");
    }

    @AfterAll
    void closePostgres() {
        if (app != null) {
            app.stop(); // before its database goes (the base class would stop it after this)
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void whilePostgresRestartsTheApiAnswers503FastAndTheNodeResumesByItself() throws Exception {
        List<Long> buyers = IntStream.range(0, BUYERS)
                .mapToObj(i -> signUp("oi-outage-" + i, "buyer" + i + "@example.com", "Bea", "fr")).toList();
        List<String> journeys = buyers.stream().map(c -> operator.instanceOf("new-signup-relaunch", c)).toList();
        journeys.forEach(j -> operator.fireTimer(j, "Timer_J30"));
        IntStream.range(0, BUYERS).forEach(i -> awaitEmails("buyer" + i + "@example.com", 1));
        // a contact whose J+30 falls due while the server is down, as an operator could set it in Cockpit
        long late = signUp("oi-outage-late", "late@example.com", "Lou", "fr");
        String lateTimer = operator.awaitTimer(operator.instanceOf("new-signup-relaunch", late), "Timer_J30");
        api.putJson("/engine-rest/job/" + lateTimer + "/duedate", "{\"duedate\":\""
                + ENGINE_DATE.format(Instant.now().plusSeconds(4)) + "\"}").expect(204);
        long pid = app.pid();

        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(BUYERS + 1);
        AtomicBoolean outage = new AtomicBoolean(true);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<Connection> locks = new ArrayList<>();
        for (String journey : journeys.subList(0, HELD)) {
            locks.add(lockExecutions(journey));
        }
        buyers.subList(0, IN_FLIGHT).forEach(b -> senders.submit(() -> postUntilAcknowledged(b, answers, deadline)));
        await("the held purchases stored, their correlation waiting", Duration.ofSeconds(20),
                () -> storedEvents(buyers.subList(0, HELD)) == HELD);
        PackagedApp.sleep(500);
        postgres.stopServer();
        locks.forEach(DatabaseOutagePostgresIT::closeQuietly);
        Instant stopped = Instant.now();
        buyers.subList(IN_FLIGHT, BUYERS)
                .forEach(b -> senders.submit(() -> postUntilAcknowledged(b, answers, deadline)));
        senders.submit(() -> {
            while (outage.get()) {
                answers.add(timed(-1, () -> api.get("/api/events/inbox")));
                PackagedApp.sleep(1000);
            }
        });
        PackagedApp.sleep(DOWN.toMillis());
        postgres.startServer();
        Instant restarted = Instant.now();
        outage.set(false);
        senders.shutdown();
        assertThat(senders.awaitTermination(3, TimeUnit.MINUTES)).as("every purchase acknowledged").isTrue();

        List<Answer> all = new ArrayList<>(answers);
        long unavailable = all.stream().filter(a -> a.response().status() == 503).count();
        Duration slowest = all.stream().map(Answer::took).max(Duration::compareTo).orElseThrow();
        System.out.printf("Outage: down %d s; %d answers, %d of them 503, slowest %d ms%n",
                Duration.between(stopped, restarted).toSeconds(), all.size(), unavailable, slowest.toMillis());
        assertThat(unavailable).as("the outage was seen").isGreaterThanOrEqualTo(BUYERS - IN_FLIGHT);
        assertThat(all).allSatisfy(a -> {
            Client.Response r = a.response();
            assertThat(r.status()).as(r.body()).isIn(200, 202, 503);
            if (r.status() == 503) {
                assertThat(r.retryAfter()).isNotBlank();
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("status").asInt()).isEqualTo(503);
            }
            assertThat(a.took()).as("answered within seconds, not after 30 s of hanging").isLessThan(
                    Duration.ofSeconds(8));
        });
        for (long buyer : buyers.subList(0, HELD)) {
            Answer first = all.stream().filter(a -> a.contact() == buyer).findFirst().orElseThrow();
            assertThat(first.response().status()).as(first.response().body()).isEqualTo(202);
            assertThat(first.response().json().get("correlation").asText()).as("stored; the inbox takes over")
                    .isEqualTo("PENDING");
        }
        for (long buyer : buyers) {
            assertThat(all).as("buyer " + buyer + " acknowledged")
                    .anyMatch(a -> a.contact() == buyer && a.response().status() / 100 == 2);
        }

        // the node was not restarted: its inbox, job executor and dispatcher resume by themselves
        assertThat(app.pid()).isEqualTo(pid);
        await("the inbox correlated every accepted event", Duration.ofSeconds(90),
                () -> api.get("/api/events/inbox").json().get("pending").asLong() == 0);
        for (int i = 0; i < BUYERS; i++) {
            String journey = journeys.get(i);
            await("relaunch of " + buyers.get(i) + " ended", () -> operator.state(journey).equals("COMPLETED"));
            assertThat(operator.passed(journey)).contains("EndEvent_Activated");
            assertThat(contact(buyers.get(i)).get("purchaseCount").asInt()).isEqualTo(1);
        }
        await("the timer due during the outage ran and its email left", Duration.ofSeconds(120),
                () -> mailbox.to("late@example.com").size() == 1);
        quietPeriod();
        for (int i = 0; i < BUYERS; i++) {
            assertThat(mailbox.to("buyer" + i + "@example.com")).as("relaunch 1 only").hasSize(1);
        }
        assertThat(api.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
        assertThat(operator.openIncidents()).isZero();
    }

    /** Another transaction holding the journey's execution rows, as a long transaction of another node would. */
    private Connection lockExecutions(String processInstanceId) throws SQLException {
        Connection connection = DriverManager.getConnection(postgres.url("rekindle"), "postgres", "");
        connection.setAutoCommit(false);
        try (var statement = connection.prepareStatement(
                "SELECT id_ FROM act_ru_execution WHERE proc_inst_id_ = ? FOR UPDATE")) {
            statement.setString(1, processInstanceId);
            statement.executeQuery().close();
        }
        return connection;
    }

    private long storedEvents(List<Long> contacts) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.url("rekindle"), "postgres", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT COUNT(*) FROM contact_event WHERE contact_id IN ("
                        + contacts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                        + ")")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException gone) {
            // the server ended it as it stopped
        }
    }

    private record Answer(long contact, Client.Response response, Duration took) {
    }

    /** A sender: posts the buyer's purchase (same eventId each time) until a 2xx, a second apart. */
    private void postUntilAcknowledged(long buyer, Queue<Answer> answers, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            Answer answer = timed(buyer, () -> event("{\"contactId\":" + buyer + ",\"type\":\"PURCHASE\",\"eventId\":"
                    + "\"order-" + buyer + "\",\"amount\":42.50}"));
            answers.add(answer);
            if (answer.response().status() / 100 == 2) {
                return;
            }
            PackagedApp.sleep(1000);
        }
    }

    private static Answer timed(long contact, java.util.function.Supplier<Client.Response> request) {
        Instant sent = Instant.now();
        Client.Response response = request.get();
        return new Answer(contact, response, Duration.between(sent, Instant.now()));
    }
}
