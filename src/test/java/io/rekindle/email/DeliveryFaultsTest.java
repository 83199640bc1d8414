package io.rekindle.email;

import static io.rekindle.email.FaultySmtp.Outcome.REFUSED;
import static io.rekindle.email.FaultySmtp.Outcome.STORED;
import static io.rekindle.email.FaultySmtp.Outcome.STORED_THEN_STOPPED;
import static io.rekindle.email.FaultySmtp.Outcome.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.RekindleApplication;
import io.rekindle.support.Api;
import io.rekindle.support.BothDatabases;
import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.SmsProvider;
import io.rekindle.support.TestDatabase;
import io.rekindle.support.TestSmtp;
import io.rekindle.support.TestClock;
import io.rekindle.support.TimeMachine;
import io.rekindle.system.Times;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.rekindle.sms.SmsDispatcher;

/**
 * Delivery faults, each against real servers (GreenMail, a local HTTP server for the SMS provider) and whole app
 * instances started and stopped by the test on one database: GreenMail stopped in the middle of a delivery run and
 * restarted; the app stopped after writing the outbox and in the middle of delivering, another instance delivering;
 * two instances with two dispatching threads each on the same rows. After each, every message arrived exactly once
 * (counted on the receiving server), none was lost, and nothing went to a contact who unsubscribed or whose address
 * hard-bounced after the message was written.
 * <p>
 * Delivery is at least once where SMTP itself cannot tell: a server that stored a message and stopped before its 250
 * gets it again, with the same Message-ID. The test that stops the server there asserts exactly that.
 * <p>
 * On H2 a file database that outlives the app instances, as the embedded default keeps; on PostgreSQL a fresh
 * database per test, shared by its app instances.
 */
@BothDatabases
class DeliveryFaultsTest {

    /** Monday 4 May 2026, 08:00 UTC: the relaunch's J+30 is a Wednesday at 10:00 in Paris, inside the SMS window. */
    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");
    private static final int SMTP_PORT = TestSmtp.freePort();
    private static final SmsProvider PROVIDER = new SmsProvider();
    /** The claim lock of the test instances; a stopped instance's claim is free again after it. */
    private static final Duration LOCK = Duration.ofMinutes(2);
    /** Past the longest retry backoff of the test profile (10 min). */
    private static final Duration PAST_BACKOFF = Duration.ofMinutes(15);

    private final FaultySmtp smtp = new FaultySmtp(SMTP_PORT);
    private final List<App> apps = new ArrayList<>();

    @TempDir
    Path folder;

    /** A database that outlives the app instances of one test: JDBC URL, user, password. */
    private String[] freshDatabase() {
        if (TestDatabase.current() == TestDatabase.POSTGRES) {
            return new String[] {PostgresDatabase.fresh("rekindle_it_faults"), PostgresDatabase.USER,
                    PostgresDatabase.PASSWORD};
        }
        return new String[] {"jdbc:h2:file:" + folder.resolve("faults-" + UUID.randomUUID()), "sa", ""};
    }

    @BeforeEach
    void setUp() {
        smtp.start();
        PROVIDER.reset();
        TestClock.CLOCK.moveTo(J);
    }

    @AfterEach
    void tearDown() {
        apps.forEach(App::close);
        smtp.stop();
        TimeMachine.reset();
    }

    @Test
    void greenMailStoppedWhileReceivingInTheMiddleOfARun_theRestWaitsForItsRetryAndEachEmailArrivesOnce() {
        App app = start(freshDatabase());
        Batch batch = relaunchBatchWritten(app, 20);
        // the 8th message reaches the server, which stops before storing it; the run goes on without a server
        smtp.onArrival(n -> n == 8 ? STOPPED : STORED);

        assertThat(app.email().dispatchDue()).as("accepted in the run").isEqualTo(7);
        assertThat(smtp.recipients()).hasSize(7);
        Map<String, Long> afterTheRun = app.statuses();
        assertThat(afterTheRun).containsEntry("SENT", 7L).containsEntry("PENDING", 13L).containsEntry("SKIPPED", 2L)
                .doesNotContainKeys("FAILED", "SENDING");
        assertThat(app.count("status = 'PENDING' AND attempts = 1 AND last_error IS NOT NULL AND next_attempt_at > ?",
                TestClock.CLOCK.instant())).as("each tried once in the run, waiting for its retry")
                .isEqualTo(13);

        smtp.start();
        assertThat(app.email().dispatchDue()).as("nothing goes before its backoff").isZero();
        app.time().advance(PAST_BACKOFF);
        drain(app.email()::dispatchDue);

        assertExactlyOnce(smtp.recipients(), batch.recipients());
        assertSkipped(app, batch);
        assertThat(app.statuses()).containsEntry("SENT", 20L).containsEntry("SKIPPED", 2L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    /**
     * SMTP has no way to tell a client that a message it never acknowledged was stored: the row goes back to PENDING
     * and the message arrives again after the restart. What holds is that both copies carry the row's Message-ID, so
     * the receiving side can recognise the repeat, and that no other message is repeated.
     */
    @Test
    void greenMailStoppedAfterStoringAMessageAndBeforeAcknowledgingIt_onlyThatOneArrivesTwiceWithOneMessageId() {
        App app = start(freshDatabase());
        Batch batch = relaunchBatchWritten(app, 8);
        smtp.onArrival(n -> n == 4 ? STORED_THEN_STOPPED : STORED);

        assertThat(app.email().dispatchDue()).isEqualTo(3);
        assertThat(smtp.recipients()).as("stored though never acknowledged").hasSize(4);
        smtp.start();
        app.time().advance(PAST_BACKOFF);
        drain(app.email()::dispatchDue);

        Map<String, List<String>> messageIds = smtp.stored().stream().collect(Collectors.groupingBy(
                FaultySmtp::recipient, LinkedHashMap::new, Collectors.mapping(FaultySmtp::messageId, Collectors.toList())));
        assertThat(messageIds).containsOnlyKeys(batch.recipients());
        var repeated = messageIds.entrySet().stream().filter(e -> e.getValue().size() > 1).toList();
        assertThat(repeated).as("only the message in flight at the stop").hasSize(1);
        String twice = repeated.get(0).getKey();
        String row = app.jdbc().sql("SELECT message_uuid FROM outbox_message WHERE recipient = ?"
                + " AND template <> 'welcome'").param(twice).query(String.class).single();
        assertThat(repeated.get(0).getValue()).as("the row's own id, under the sender's domain")
                .containsExactly("<" + row + "@rekindle.local>", "<" + row + "@rekindle.local>");
        assertThat(messageIds.values()).as("one Message-ID per recipient")
                .allSatisfy(ids -> assertThat(ids).containsOnly(ids.get(0)));
        assertSkipped(app, batch);
        assertThat(app.statuses()).containsEntry("SENT", 8L).doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    /**
     * A slow server: the first message of a run takes longer than the claim lock. The row claimed after it must be
     * locked from its own claim, not from the start of the run, or its lock has run out before it is even sent and
     * another node dispatching meanwhile (with its own SMTP server here) takes it and sends it again.
     */
    @Test
    void aSlowServerInTheMiddleOfARun_aRowClaimedLateHoldsItsLockAndAnotherNodeDoesNotSendItAgain() {
        String[] database = freshDatabase();
        App app = start(database);
        Batch batch = relaunchBatchWritten(app, 4);
        int otherPort = TestSmtp.freePort();
        GreenMail otherSmtp = TestSmtp.start(otherPort);
        try {
            App other = start(database, Map.of("spring.mail.port", String.valueOf(otherPort)));
            AtomicLong lockedAhead = new AtomicLong(-1);
            AtomicInteger sentByOther = new AtomicInteger();
            smtp.onArrival(n -> {
                if (n == 1) {
                    app.time().advance(LOCK.plusMinutes(1)); // the first message took longer than the lock
                } else if (n == 2) {
                    lockedAhead.set(app.count("status = 'SENDING' AND locked_until > ?", app.time().now()));
                    sentByOther.set(other.email().dispatchDue()); // the other node's run, while this one is in flight
                }
                return STORED;
            });

            int sentByFirst = app.email().dispatchDue();

            assertThat(lockedAhead.get()).as("the row in flight is locked beyond the time of its claim").isEqualTo(1);
            assertThat(sentByFirst + sentByOther.get()).isEqualTo(4);
            List<String> received = new ArrayList<>(smtp.recipients());
            Arrays.stream(otherSmtp.getReceivedMessages()).map(FaultySmtp::recipient).forEach(received::add);
            assertExactlyOnce(received, batch.recipients());
            assertSkipped(app, batch);
            assertThat(app.count("status = 'SENT' AND attempts = 1")).as("every row claimed once").isEqualTo(4);
        } finally {
            otherSmtp.stop();
        }
    }

    /**
     * The server accepted the messages (250 after each one's data); the connection that carried them then drops as
     * the client says QUIT: they count as sent and none goes again.
     */
    @Test
    void connectionResetAfterTheServerAcceptedAMessage_itCountsAsSentAndIsNotSentAgain() throws Exception {
        // the batch's one connection (a connection per message before: the 3rd)
        try (var link = new ResettingSmtpLink(SMTP_PORT, connection -> connection == 1)) {
            App app = start(freshDatabase(), Map.of("spring.mail.port", String.valueOf(link.port())));
            Batch batch = relaunchBatchWritten(app, 6);

            drain(app.email()::dispatchDue);
            app.time().advance(PAST_BACKOFF);
            drain(app.email()::dispatchDue);

            assertThat(link.resets()).as("the fault happened").isEqualTo(1);
            assertExactlyOnce(smtp.recipients(), batch.recipients());
            assertSkipped(app, batch);
            assertThat(app.count("status = 'SENT' AND attempts = 1")).isEqualTo(6);
        }
    }

    /**
     * A batch goes over one SMTP connection, each message in its own transaction: the server refusing one (451 after
     * its data) fails neither the others nor the connection; that one waits for its retry.
     */
    @Test
    void aBatchGoesOverOneConnectionAndAMessageTheServerRefusesDoesNotFailTheOthers() throws Exception {
        try (var link = new ResettingSmtpLink(SMTP_PORT, connection -> false)) {
            App app = start(freshDatabase(), Map.of("spring.mail.port", String.valueOf(link.port())));
            Batch batch = relaunchBatchWritten(app, 10);
            smtp.onArrival(n -> n == 4 ? REFUSED : STORED);

            assertThat(app.email().dispatchDue()).as("accepted in the batch").isEqualTo(9);
            assertThat(link.connections()).as("one connection for the whole batch").isEqualTo(1);
            assertThat(smtp.recipients()).hasSize(9).doesNotContain(batch.recipients().get(3));
            assertThat(app.statuses()).containsEntry("SENT", 9L).containsEntry("PENDING", 1L)
                    .containsEntry("SKIPPED", 2L).doesNotContainKeys("FAILED", "SENDING");
            assertThat(app.count("status = 'PENDING' AND attempts = 1 AND last_error IS NOT NULL AND recipient = ?",
                    batch.recipients().get(3))).as("the refused one, waiting for its retry").isEqualTo(1);

            app.time().advance(PAST_BACKOFF);
            assertThat(app.email().dispatchDue()).isEqualTo(1);
            assertExactlyOnce(smtp.recipients(), batch.recipients());
            assertSkipped(app, batch);
            assertThat(link.connections()).isEqualTo(2);
        }
    }

    /**
     * With work waiting, one drain sends batch after batch without waiting for the next tick, each batch over its own
     * connection, and stops at the batch that finds nothing left.
     */
    @Test
    void aDrainSendsFullBatchesBackToBackEachOverOneConnection() throws Exception {
        try (var link = new ResettingSmtpLink(SMTP_PORT, connection -> false)) {
            App app = start(freshDatabase(), Map.of("spring.mail.port", String.valueOf(link.port()),
                    "rekindle.mail.batch-size", "4"));
            Batch batch = relaunchBatchWritten(app, 10);

            assertThat(app.email().drainDue()).as("all in one drain").isEqualTo(10);
            assertThat(link.connections()).as("batches of 4 rows (2 of them skipped): 3 batches that send")
                    .isEqualTo(3);
            assertExactlyOnce(smtp.recipients(), batch.recipients());
            assertSkipped(app, batch);
            assertThat(app.statuses()).containsEntry("SENT", 10L).containsEntry("SKIPPED", 2L)
                    .doesNotContainKeys("PENDING", "SENDING", "FAILED");
            assertThat(app.email().drainDue()).as("nothing left: no connection").isZero();
            assertThat(link.connections()).isEqualTo(3);
        }
    }

    @Test
    void theAppStoppedBetweenWritingTheOutboxAndDelivering_anotherInstanceDeliversEachEmailOnce() {
        String[] database = freshDatabase();
        App first = start(database);
        Batch batch = relaunchBatchWritten(first, 10);
        assertThat(first.statuses()).containsEntry("PENDING", 12L);
        first.close(); // stopped before any delivery

        App second = start(database);
        assertThat(second.statuses()).as("the outbox survived the stop").containsEntry("PENDING", 12L);
        drain(second.email()::dispatchDue);

        assertExactlyOnce(smtp.recipients(), batch.recipients());
        assertSkipped(second, batch);
        assertThat(second.statuses()).containsEntry("SENT", 10L).containsEntry("SKIPPED", 2L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    /**
     * The first instance writes the batch and starts delivering; it stops while the server receives one message,
     * which the server then refuses (its sender is gone). That row stays claimed (SENDING) until the stopped
     * instance's lock runs out; the rows it never reached were written and not delivered.
     */
    @Test
    void theAppStoppedInTheMiddleOfADeliveryRun_anotherInstanceDeliversTheRestAndTheClaimedOneOnceItsLockRunsOut()
            throws Exception {
        String[] database = freshDatabase();
        App first = start(database);
        Batch batch = relaunchBatchWritten(first, 20);
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch firstStopped = new CountDownLatch(1);
        smtp.onArrival(n -> {
            if (n != 9) {
                return STORED;
            }
            inFlight.countDown();
            await(firstStopped);
            return REFUSED;
        });
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<Integer> run = runner.submit(first.email()::dispatchDue);
        assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();
        firstStopped.countDown();
        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).as("the stopped instance could not record anything")
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(DataAccessException.class);
        runner.shutdown();

        App second = start(database);
        assertThat(second.statuses()).as("the outbox survived the stop").containsEntry("SENT", 8L)
                .containsEntry("SENDING", 1L).doesNotContainKey("FAILED");
        assertThat(second.count("status IN ('PENDING', 'SKIPPED')")).as("the rest, untouched or skipped").isEqualTo(13);
        String claimed = second.jdbc().sql("SELECT recipient FROM outbox_message WHERE status = 'SENDING'")
                .query(String.class).single();
        drain(second.email()::dispatchDue);
        assertThat(smtp.recipients()).as("the claim holds until its lock runs out").hasSize(19)
                .doesNotContain(claimed);
        second.time().advance(LOCK.plusMinutes(1));
        drain(second.email()::dispatchDue);

        assertExactlyOnce(smtp.recipients(), batch.recipients());
        assertSkipped(second, batch);
        assertThat(second.count("status = 'SENT' AND attempts = 2")).as("the claimed row, tried by each instance")
                .isEqualTo(1);
        assertThat(second.statuses()).containsEntry("SENT", 20L).containsEntry("SKIPPED", 2L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    @Test
    void twoInstancesWithTwoThreadsEachDispatchingTheSameRows_eachEmailAndSmsGoesOnce() throws Exception {
        String[] database = freshDatabase();
        // small batches: each run reads the same few due rows as the others, so they race for every claim
        Map<String, String> smallBatches = Map.of("rekindle.mail.batch-size", "4", "rekindle.sms.batch-size", "4");
        App one = start(database, smallBatches);
        App two = start(database, smallBatches);
        Batch batch = relaunchBatchWritten(one, 24);
        List<Long> sms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sms.add(winBackSmsWritten(i % 2 == 0 ? one : two, "+3361000000" + i));
        }
        long stopped = winBackSmsWritten(two, "+33610000099");
        one.api().post("/api/events", "{\"type\":\"SMS_REPLY\",\"phone\":\"+33610000099\",\"text\":\"STOP\"}");

        List<IntSupplier> dispatchers = List.of(one.email()::dispatchDue, one.email()::dispatchDue,
                two.email()::dispatchDue, two.email()::dispatchDue, one.sms()::dispatchDue, one.sms()::dispatchDue,
                two.sms()::dispatchDue, two.sms()::dispatchDue);
        ExecutorService pool = Executors.newFixedThreadPool(dispatchers.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (IntSupplier dispatcher : dispatchers) {
            runs.add(pool.submit(() -> {
                go.await();
                int sent = 0;
                for (int round = 0; round < 50; round++) {
                    sent += dispatcher.getAsInt();
                }
                return sent;
            }));
        }
        go.countDown();
        int sentByAll = 0;
        for (Future<Integer> run : runs) {
            sentByAll += run.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(sentByAll).as("accepted by the servers, all threads together").isEqualTo(24 + 8);
        assertExactlyOnce(smtp.recipients(), batch.recipients());
        assertSkipped(one, batch);
        var keys = PROVIDER.idempotencyKeys();
        assertThat(keys).as("one request per SMS, none twice")
                .containsExactlyInAnyOrderElementsOf(sms.stream().map(id -> "rekindle-sms-" + id).toList());
        assertThat(keys).doesNotContain("rekindle-sms-" + stopped);
        assertThat(one.skipReasonOf(stopped)).isEqualTo("UNSUBSCRIBED");
        assertThat(one.count("status = 'SENT' AND attempts = 1")).as("every row claimed once").isEqualTo(24 + 8);
        assertThat(one.statuses()).containsEntry("SENT", 32L).containsEntry("SKIPPED", 3L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    /**
     * Several senders share a batch, each over its own connection, at the same time (a server slow enough that one
     * sender alone could not keep the four open together). Each message arrives once, each row is claimed once.
     */
    @Test
    void severalSendersShareABatch_eachOverItsOwnConnectionAtOnceAndEachEmailArrivesOnce() throws Exception {
        try (var link = new ResettingSmtpLink(SMTP_PORT, connection -> false)) {
            App app = start(freshDatabase(), Map.of("spring.mail.port", String.valueOf(link.port()),
                    "rekindle.mail.senders", "4"));
            Batch batch = relaunchBatchWritten(app, 20);
            smtp.onArrival(n -> {
                sleep(50);
                return STORED;
            });

            assertThat(app.email().dispatchDue()).as("accepted in the batch").isEqualTo(20);
            assertThat(link.connections()).as("one connection per sender").isEqualTo(4);
            assertThat(link.mostOpenAtOnce()).as("all four at once").isEqualTo(4);
            assertExactlyOnce(smtp.recipients(), batch.recipients());
            assertThat(smtp.stored().stream().map(FaultySmtp::messageId).distinct()).as("distinct Message-IDs")
                    .hasSize(20);
            assertSkipped(app, batch);
            assertThat(app.count("status = 'SENT' AND attempts = 1")).as("every row claimed once").isEqualTo(20);
            assertThat(app.statuses()).containsEntry("SENT", 20L).containsEntry("SKIPPED", 2L)
                    .doesNotContainKeys("PENDING", "SENDING", "FAILED");
        }
    }

    /**
     * The app stopped while four senders are in the middle of a batch (the stop asked while the server holds one
     * message): each sender finishes the message it has and takes no other, so every message the server accepted is
     * recorded as sent, none is left claimed, and the rows no sender reached are untouched. Another instance then
     * delivers those, and each email arrives once.
     */
    @Test
    void theAppStoppedWhileSeveralSendersAreMidBatch_everyAcceptedMessageIsRecordedAndEachEmailArrivesOnce()
            throws Exception {
        String[] database = freshDatabase();
        Map<String, String> fourSenders = Map.of("rekindle.mail.senders", "4");
        App first = start(database, fourSenders);
        Batch batch = relaunchBatchWritten(first, 40);
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        smtp.onArrival(n -> {
            if (n == 10) {
                stopper.submit(first::close);
                // held until the stop is under way: this message is in flight as the senders are told to stop
                awaitClosing(first);
            }
            sleep(50); // a server slow enough that the batch is not over by then
            return STORED;
        });

        ExecutorService runner = Executors.newSingleThreadExecutor();
        int sentByFirst = runner.submit(first.email()::dispatchDue).get(1, TimeUnit.MINUTES);
        runner.shutdown();
        stopper.shutdown();
        assertThat(stopper.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        App second = start(database, fourSenders);
        List<String> accepted = smtp.recipients();
        assertThat(accepted).as("the stop cut the batch").hasSizeBetween(10, 39);
        assertThat(sentByFirst).isEqualTo(accepted.size());
        assertThat(second.jdbc().sql("SELECT recipient FROM outbox_message WHERE status = 'SENT'"
                + " AND template <> 'welcome'").query(String.class)
                .list()).as("every message the server accepted is recorded").containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(second.statuses()).as("none left claimed").doesNotContainKeys("SENDING", "FAILED");
        assertThat(second.count("status = 'PENDING' AND attempts > 0")).as("the rest, untouched").isZero();

        drain(second.email()::dispatchDue);
        assertExactlyOnce(smtp.recipients(), batch.recipients());
        assertSkipped(second, batch);
        assertThat(second.count("status = 'SENT' AND attempts = 1")).as("every row claimed once").isEqualTo(40);
    }

    private static void awaitClosing(App app) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!app.context().isClosed() && System.nanoTime() < deadline) {
            sleep(5);
        }
        sleep(100); // the closing context tells the dispatcher first
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Relaunch emails written for these recipients; one more contact unsubscribed and one hard-bounced after. */
    private record Batch(List<String> recipients, String unsubscribed, String bounced) {
    }

    /**
     * Contacts who sign up at J and do nothing: at J+30 the relaunch writes their email. Then, before any delivery,
     * two more of them unsubscribe and hard-bounce.
     */
    private Batch relaunchBatchWritten(App app, int count) {
        List<String> addresses = new ArrayList<>();
        app.time().travelTo(J);
        for (int i = 0; i < count + 2; i++) {
            String externalId = "fault-" + UUID.randomUUID();
            Api.Response created = app.api().post("/api/contacts", """
                    {"externalId":"%s","email":"%s@example.com","firstName":"Camille","locale":"fr",
                     "emailConsent":true,"smsConsent":false}""".formatted(externalId, externalId));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            addresses.add(externalId + "@example.com");
        }
        app.time().runDueJobs();
        // the welcomes left at sign-up, through a server of their own: this test is about the J+30 batch
        assertThat(app.jdbc().sql("UPDATE outbox_message SET status = 'SENT', sent_at = ? WHERE template = 'welcome'"
                + " AND status = 'PENDING'").param(Times.utc(J)).update()).isEqualTo(count + 2);
        app.time().travelTo(J.plus(Duration.ofDays(30)));
        app.time().runDueJobs();
        assertThat(app.count("status = 'PENDING' AND channel = 'EMAIL'")).isEqualTo(count + 2);
        Batch batch = new Batch(addresses.subList(0, count), addresses.get(count), addresses.get(count + 1));
        app.event(batch.unsubscribed(), "{\"type\":\"UNSUBSCRIBED\",\"channel\":\"EMAIL\"}");
        app.event(batch.bounced(), "{\"type\":\"BOUNCED\",\"bounce\":\"HARD\"}");
        return batch;
    }

    /** A contact reachable by SMS only, found inactive at J+30: the win-back writes its SMS. Returns the row id. */
    private long winBackSmsWritten(App app, String phone) {
        String externalId = "fault-sms-" + UUID.randomUUID();
        long id = app.api().post("/api/contacts", """
                {"externalId":"%s","email":"%s@example.com","phone":"%s","firstName":"Sam","locale":"fr",
                 "emailConsent":false,"smsConsent":true}""".formatted(externalId, externalId, phone))
                .json().get("id").asLong();
        var runtime = app.engine().getRuntimeService();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
        runtime.createMessageCorrelation("ContactEnteredSegment").processInstanceBusinessKey(String.valueOf(id))
                .setVariable("contactId", id).setVariable("segment", "INACTIVE").correlateAllWithResult();
        app.time().runDueJobs();
        return app.jdbc().sql("SELECT id FROM outbox_message WHERE contact_id = ? AND channel = 'SMS'").param(id)
                .query(Long.class).single();
    }

    private void assertSkipped(App app, Batch batch) {
        assertThat(smtp.recipients()).doesNotContain(batch.unsubscribed(), batch.bounced());
        assertThat(app.skipReasonOf(batch.unsubscribed())).isEqualTo("UNSUBSCRIBED");
        assertThat(app.skipReasonOf(batch.bounced())).isEqualTo("EMAIL_INVALID");
    }

    private static void drain(IntSupplier dispatch) {
        for (int round = 0; round < 20; round++) {
            dispatch.getAsInt();
        }
    }

    private static void assertExactlyOnce(List<String> received, List<String> expected) {
        Map<String, Long> perRecipient = received.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perRecipient.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(perRecipient.values()).as("messages per recipient").containsOnly(1L);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited 30 s in vain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private App start(String[] database) {
        return start(database, Map.of());
    }

    private App start(String[] database, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("spring.datasource.url", database[0],
                "spring.datasource.username", database[1], "spring.datasource.password", database[2],
                "server.port", "0", "spring.mail.port", String.valueOf(SMTP_PORT), "rekindle.mail.lock", LOCK.toString(),
                "rekindle.pressure.max-messages", "10"));
        properties.putAll(Map.of("rekindle.sms.enabled", "true", "rekindle.sms.scheduled", "false",
                "rekindle.sms.base-url", PROVIDER.baseUrl(),
                "rekindle.sms.api-key", "test-sms-key"));
        properties.putAll(overrides);
        String[] args = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        App app = new App(new SpringApplicationBuilder(RekindleApplication.class).profiles("test")
                .logStartupInfo(false).run(args));
        apps.add(app);
        return app;
    }

    /** One running instance of the whole application. */
    record App(ConfigurableApplicationContext context) implements AutoCloseable {

        Api api() {
            return new Api(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        }

        EmailDispatcher email() {
            return context.getBean(EmailDispatcher.class);
        }

        SmsDispatcher sms() {
            return context.getBean(SmsDispatcher.class);
        }

        ProcessEngine engine() {
            return context.getBean(ProcessEngine.class);
        }

        TimeMachine time() {
            return new TimeMachine(engine().getManagementService());
        }

        JdbcClient jdbc() {
            return context.getBean(JdbcClient.class);
        }

        void event(String email, String json) {
            long contactId = jdbc().sql("SELECT id FROM contact WHERE email = ?").param(email).query(Long.class)
                    .single();
            Api.Response response = api().post("/api/events", json.replace("{", "{\"contactId\":" + contactId + ","));
            assertThat(response.status()).as(response.body()).isEqualTo(202);
        }

        String skipReasonOf(String email) {
            return jdbc().sql("SELECT skip_reason FROM outbox_message WHERE recipient = ? AND status = 'SKIPPED'")
                    .param(email).query(String.class).single();
        }

        String skipReasonOf(long row) {
            return jdbc().sql("SELECT skip_reason FROM outbox_message WHERE id = ? AND status = 'SKIPPED'")
                    .param(row).query(String.class).single();
        }

        /** Rows but the welcomes (delivered at sign-up: {@link DeliveryFaultsTest#relaunchBatchWritten}). */
        long count(String condition, Object... params) {
            var query = jdbc().sql("SELECT COUNT(*) FROM outbox_message WHERE template <> 'welcome' AND ("
                    + condition + ")");
            for (Object param : params) {
                query = query.param(param instanceof Instant instant ? Times.utc(instant) : param);
            }
            return query.query(Long.class).single();
        }

        Map<String, Long> statuses() {
            Map<String, Long> counts = new TreeMap<>();
            jdbc().sql("SELECT status, COUNT(*) FROM outbox_message WHERE template <> 'welcome' GROUP BY status")
                    .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
            return counts;
        }

        @Override
        public void close() {
            if (context.isActive()) {
                context.close();
            }
        }
    }
}
