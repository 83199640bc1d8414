package io.rekindle.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.RekindleApplication;
import io.rekindle.support.Api;
import io.rekindle.support.TestSmtp;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivery faults, each against real servers (GreenMail, a local HTTP server for the SMS provider) and whole app
 * instances started and stopped by the test on one database: GreenMail stopped in the middle of a delivery run and
 * restarted; the app stopped after writing the outbox and before delivering, another instance delivering; two
 * instances with two dispatching threads each on the same rows. After each, every message arrived exactly once
 * (counted on the receiving server), none was lost, and nothing went to a contact who unsubscribed or whose address
 * hard-bounced after the message was written.
 */
abstract class DeliveryFaultsTestBase {

    /** Monday 4 May 2026, 08:00 UTC: the relaunch's J+30 is a Wednesday at 10:00 in Paris, inside the SMS window. */
    private static final Instant J = Instant.parse("2026-05-04T08:00:00Z");
    private static final int SMTP_PORT = TestSmtp.freePort();
    private static final SmsOverHttpTestBase.Provider PROVIDER = new SmsOverHttpTestBase.Provider();

    private GreenMail smtp;
    /** What the SMTP server received before it was stopped (a restarted GreenMail starts empty). */
    private final List<String> receivedBeforeRestart = new ArrayList<>();
    private final List<App> apps = new ArrayList<>();

    /** A database that outlives the app instances of one test: JDBC URL, user, password. */
    abstract String[] freshDatabase();

    @BeforeEach
    void setUp() {
        smtp = TestSmtp.start(SMTP_PORT);
        PROVIDER.reset();
        ClockUtil.setCurrentTime(Date.from(J));
    }

    @AfterEach
    void tearDown() {
        apps.forEach(App::close);
        smtp.stop();
        TimeMachine.reset();
    }

    @Test
    void greenMailStoppedInTheMiddleOfADeliveryRunAndRestarted_everyEmailArrivesOnce() {
        App app = start(freshDatabase());
        List<String> recipients = relaunchEmailsWritten(app, 16);
        String unsubscribed = relaunchEmailsWritten(app, 1).get(0);
        String bounced = relaunchEmailsWritten(app, 1).get(0);
        app.event(unsubscribed, "{\"type\":\"UNSUBSCRIBED\",\"channel\":\"EMAIL\"}");
        app.event(bounced, "{\"type\":\"BOUNCED\",\"bounce\":\"HARD\"}");

        // the run delivers in batches of 4; the server goes away after the first two batches
        app.email().dispatchDue();
        app.email().dispatchDue();
        assertThat(received()).hasSizeBetween(6, 8);
        receivedBeforeRestart.addAll(received());
        smtp.stop();
        drain(app.email()::dispatchDue);
        // nothing lost and nothing given up: what did not go waits for its retry
        Map<String, Long> during = app.statuses();
        assertThat(during.get("SENT")).isEqualTo(receivedBeforeRestart.size());
        assertThat(during.get("PENDING")).isEqualTo(16 - receivedBeforeRestart.size());
        assertThat(during).doesNotContainKeys("FAILED", "SENDING");

        smtp = TestSmtp.start(SMTP_PORT);
        app.time().advance(Duration.ofMinutes(15)); // past the longest backoff of the test profile (10 min)
        drain(app.email()::dispatchDue);

        assertExactlyOnce(allReceived(), recipients);
        assertThat(allReceived()).doesNotContain(unsubscribed, bounced);
        assertThat(app.skipReasonOf(unsubscribed)).isEqualTo("UNSUBSCRIBED");
        assertThat(app.skipReasonOf(bounced)).isEqualTo("EMAIL_INVALID");
        assertThat(app.statuses()).containsEntry("SENT", 16L).containsEntry("SKIPPED", 2L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    @Test
    void theAppStoppedBetweenWritingTheOutboxAndDelivering_anotherInstanceDeliversEachEmailOnce() {
        String[] database = freshDatabase();
        App first = start(database);
        List<String> recipients = relaunchEmailsWritten(first, 10);
        String unsubscribed = relaunchEmailsWritten(first, 1).get(0);
        String bounced = relaunchEmailsWritten(first, 1).get(0);
        first.event(unsubscribed, "{\"type\":\"UNSUBSCRIBED\"}");
        first.event(bounced, "{\"type\":\"BOUNCED\",\"bounce\":\"HARD\"}");
        assertThat(first.statuses()).containsEntry("PENDING", 12L);
        first.close(); // stopped before any delivery

        App second = start(database);
        assertThat(second.statuses()).as("the outbox survived the stop").containsEntry("PENDING", 12L);
        drain(second.email()::dispatchDue);

        assertExactlyOnce(received(), recipients);
        assertThat(received()).doesNotContain(unsubscribed, bounced);
        assertThat(second.skipReasonOf(unsubscribed)).isEqualTo("UNSUBSCRIBED");
        assertThat(second.skipReasonOf(bounced)).isEqualTo("EMAIL_INVALID");
        assertThat(second.statuses()).containsEntry("SENT", 10L).containsEntry("SKIPPED", 2L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    @Test
    void twoInstancesWithTwoThreadsEachDispatchingTheSameRows_eachEmailAndSmsGoesOnce() throws Exception {
        String[] database = freshDatabase();
        App one = start(database);
        App two = start(database);
        List<String> emails = relaunchEmailsWritten(one, 24);
        String unsubscribed = relaunchEmailsWritten(two, 1).get(0);
        String bounced = relaunchEmailsWritten(two, 1).get(0);
        one.event(unsubscribed, "{\"type\":\"UNSUBSCRIBED\"}");
        two.event(bounced, "{\"type\":\"BOUNCED\",\"bounce\":\"HARD\"}");
        List<Long> sms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sms.add(winBackSmsWritten(i % 2 == 0 ? one : two, "+3361000000" + i));
        }
        long stopped = winBackSmsWritten(one, "+33610000099");
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
        assertExactlyOnce(received(), emails);
        assertThat(received()).doesNotContain(unsubscribed, bounced);
        var keys = PROVIDER.requests().stream().map(SmsOverHttpTestBase.Request::idempotencyKey).toList();
        assertThat(keys).as("one request per SMS, none twice")
                .containsExactlyInAnyOrderElementsOf(sms.stream().map(id -> "rekindle-sms-" + id).toList());
        assertThat(keys).doesNotContain("rekindle-sms-" + stopped);
        assertThat(one.jdbc().sql("SELECT COUNT(*) FROM outbox_message WHERE status = 'SENT' AND attempts = 1")
                .query(Long.class).single()).as("every row claimed once").isEqualTo(24 + 8);
        assertThat(one.statuses()).containsEntry("SENT", 32L).containsEntry("SKIPPED", 3L)
                .doesNotContainKeys("PENDING", "SENDING", "FAILED");
    }

    /** Contacts who sign up at J and do nothing: at J+30 the relaunch writes their email. Returns their addresses. */
    private List<String> relaunchEmailsWritten(App app, int count) {
        List<String> addresses = new ArrayList<>();
        app.time().travelTo(J);
        for (int i = 0; i < count; i++) {
            String externalId = "fault-" + UUID.randomUUID();
            Api.Response created = app.api().post("/api/contacts", """
                    {"externalId":"%s","email":"%s@example.com","firstName":"Camille","locale":"fr",
                     "emailConsent":true,"smsConsent":false}""".formatted(externalId, externalId));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            addresses.add(externalId + "@example.com");
        }
        app.time().travelTo(J.plus(Duration.ofDays(30)));
        app.time().runDueJobs();
        for (String address : addresses) {
            assertThat(app.jdbc().sql("SELECT status FROM outbox_message WHERE recipient = ?").param(address)
                    .query(String.class).single()).isEqualTo("PENDING");
        }
        return addresses;
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

    private List<String> received() {
        return Arrays.stream(smtp.getReceivedMessages()).map(DeliveryFaultsTestBase::recipient).toList();
    }

    private List<String> allReceived() {
        List<String> all = new ArrayList<>(receivedBeforeRestart);
        all.addAll(received());
        return all;
    }

    private static String recipient(Message message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private App start(String[] database) {
        App app = new App(new SpringApplicationBuilder(RekindleApplication.class).profiles("test").logStartupInfo(false)
                .run("--spring.datasource.url=" + database[0], "--spring.datasource.username=" + database[1],
                        "--spring.datasource.password=" + database[2], "--server.port=0",
                        "--spring.mail.port=" + SMTP_PORT, "--rekindle.mail.batch-size=4",
                        "--rekindle.sms.enabled=true", "--rekindle.sms.scheduled=false", "--rekindle.sms.batch-size=4",
                        "--rekindle.sms.base-url=http://127.0.0.1:" + PROVIDER.port() + "/v1/",
                        "--rekindle.sms.api-key=test-sms-key", "--rekindle.pressure.max-messages=10"));
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

        Map<String, Long> statuses() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            jdbc().sql("SELECT status, COUNT(*) FROM outbox_message GROUP BY status")
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
