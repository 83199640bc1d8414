package io.rekindle.outside;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.SmsProvider;
import io.rekindle.support.TestDatabase;
import io.rekindle.support.Welcomes;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One packaged node per test class, on the database {@link Database#current()} names (unless the class names its
 * own), with a real SMTP server and a local SMS provider. Tests talk to it over HTTP only and count what arrives at
 * the two servers; nothing calls a dispatcher: what goes out, goes out on the shipped schedule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutsideInTest {

    protected Mailbox mailbox;
    protected SmsProvider sms;
    protected PackagedApp app;
    protected Client api;
    protected Client anonymous;
    /** A person's browser: no credentials, a browser's User-Agent and languages. */
    protected Client browser;
    protected Operator operator;
    /** What {@link #app} was started with (database, channels, settings), for another node of the same system. */
    protected Map<String, String> environment;

    /** The database this run is on: H2 or PostgreSQL, as the build's execution says ({@link TestDatabase}). */
    Database database() {
        return Database.current();
    }

    /** The documented variables pointing the node at its database: a fresh one of {@link #database()}'s kind. */
    Map<String, String> databaseEnvironment(String name) {
        return database().environment(name);
    }

    /** The node's name: its log and data folder under target/outside-in, and its PostgreSQL database. */
    String name() {
        return getClass().getSimpleName() + "-" + database().name().toLowerCase(Locale.ROOT);
    }

    /** The jar {@link #app} runs: the one this build packaged. */
    Path jar() {
        return PackagedApp.JAR;
    }

    /** Documented variables this scenario sets on top of the channels and the database. */
    Map<String, String> settings() {
        return Map.of();
    }

    @BeforeAll
    void startNode() {
        mailbox = new Mailbox();
        sms = new SmsProvider();
        String name = name();
        var env = new LinkedHashMap<String, String>();
        env.putAll(databaseEnvironment(name));
        env.putAll(channels(smtpPort(), sms));
        env.putAll(settings());
        environment = Map.copyOf(env);
        app = PackagedApp.start(jar(), name, env);
        api = Client.admin(app);
        anonymous = Client.anonymous(app);
        browser = Client.browser(app);
        operator = new Operator(api);
    }

    /** Where the node sends its email: the SMTP server itself, unless the scenario puts something in between. */
    int smtpPort() {
        return mailbox.port();
    }

    /**
     * Another node of the same system: same database, channels and settings as {@link #app}, its own port. Start it
     * once {@link #app} is up, so that the schema exists (two nodes creating one schema at once is not a shipped way
     * to start). The caller stops it.
     */
    PackagedApp anotherNode(String suffix) {
        return PackagedApp.start(name() + "-" + suffix, environment);
    }

    /** Email on over SMTP, SMS on through the provider: the variables of docs/operations.md, Configuration. */
    static Map<String, String> channels(int smtpPort, SmsProvider sms) {
        return Map.of("REKINDLE_MAIL_ENABLED", "true",
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(smtpPort),
                "REKINDLE_SMS_ENABLED", "true",
                "REKINDLE_SMS_BASE_URL", sms.baseUrl(),
                "REKINDLE_SMS_API_KEY", SmsProvider.API_KEY);
    }

    @AfterAll
    void stopNode() {
        if (app != null) {
            app.stop();
        }
        if (sms != null) {
            sms.close();
        }
        if (mailbox != null) {
            mailbox.close();
        }
    }

    /** A sign-up through {@code POST /api/contacts}; returns the contact id. */
    long signUp(String externalId, String email, String firstName, String locale) {
        return signUp(externalId, email, null, firstName, locale, true, false, null);
    }

    long signUp(String externalId, String email, String phone, String firstName, String locale, boolean emailConsent,
            boolean smsConsent, String signedUpAt) {
        return signUp(api, externalId, email, phone, firstName, locale, emailConsent, smsConsent, signedUpAt);
    }

    /** A sign-up with email consent through {@code node}'s {@code POST /api/contacts}; returns the contact id. */
    static long signUp(Client node, String externalId, String email, String firstName, String locale) {
        return signUp(node, externalId, email, null, firstName, locale, true, false, null);
    }

    static long signUp(Client node, String externalId, String email, String phone, String firstName, String locale,
            boolean emailConsent, boolean smsConsent, String signedUpAt) {
        String body = "{\"externalId\":\"" + externalId + "\",\"email\":\"" + email + "\","
                + (phone == null ? "" : "\"phone\":\"" + phone + "\",")
                + "\"firstName\":\"" + firstName + "\",\"locale\":\"" + locale + "\",\"emailConsent\":" + emailConsent
                + ",\"smsConsent\":" + smsConsent
                + (signedUpAt == null ? "" : ",\"signedUpAt\":\"" + signedUpAt + "\"") + "}";
        return node.postJson("/api/contacts", body).expect(201).json().get("id").asLong();
    }

    /**
     * {@code task} for each of {@code items} on a few threads, as several of the company's systems call at once; the
     * results in the items' order. The first failure fails the whole.
     */
    static <T, R> List<R> inParallel(List<T> items, Function<T, R> task) {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<R>> results = new ArrayList<>();
            for (T item : items) {
                results.add(threads.submit(() -> task.apply(item)));
            }
            List<R> all = new ArrayList<>();
            for (Future<R> result : results) {
                all.add(result.get(5, TimeUnit.MINUTES));
            }
            return all;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** {@code POST /api/events}; returns the response. */
    Client.Response event(String json) {
        return api.postJson("/api/events", json);
    }

    /** The contact's outbox rows after the welcome, newest first. */
    JsonNode outbox(long contactId) {
        return afterWelcomes(api.get("/api/outbox?contactId=" + contactId).expect(200).json());
    }

    /** Outbox rows as the API lists them, but the welcomes. */
    static JsonNode afterWelcomes(JsonNode rows) {
        var kept = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        rows.forEach(row -> {
            if (!Welcomes.isWelcome(row)) {
                kept.add(row);
            }
        });
        return kept;
    }

    JsonNode contact(long contactId) {
        return api.get("/api/contacts/" + contactId).expect(200).json();
    }

    /** An existing customer's sign-up date: long enough ago for the daily classification to find them INACTIVE. */
    static String longAgo() {
        return Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A classification run requested as an analyst does ({@code POST /api/classification/runs}), followed on
     * {@code GET /api/classification/runs/{id}} until it FINISHED; returns the finished run.
     */
    JsonNode classificationRun() {
        long run = api.postJson("/api/classification/runs", "").expect(202).json().get("id").asLong();
        await("classification run " + run, Duration.ofSeconds(120), () -> {
            String status = api.get("/api/classification/runs/" + run).expect(200).json().get("status").asText();
            if (status.equals("FAILED")) {
                throw new AssertionError("classification run " + run + " FAILED; incidents: " + operator.incidents());
            }
            return status.equals("FINISHED");
        });
        return api.get("/api/classification/runs/" + run).expect(200).json();
    }

    JsonNode kpis() {
        return api.get("/api/kpis").expect(200).json();
    }

    /** Waits (on the shipped dispatch schedule) for the welcome every sign-up gets, and returns it. */
    MimeMessage awaitWelcome(String address) {
        await("the welcome to " + address, () -> mailbox.welcomesTo(address).size() >= 1);
        List<MimeMessage> welcomes = mailbox.welcomesTo(address);
        if (welcomes.size() != 1) {
            throw new AssertionError(address + " received " + welcomes.size() + " welcomes");
        }
        return welcomes.get(0);
    }

    /**
     * Waits (on the shipped dispatch schedule) until {@code address} has received {@code count} emails after the
     * welcome.
     */
    List<MimeMessage> awaitEmails(String address, int count) {
        await("emails to " + address, () -> mailbox.to(address).size() >= count);
        List<MimeMessage> received = mailbox.to(address);
        if (received.size() != count) {
            throw new AssertionError(address + " received " + received.size() + " emails, expected " + count);
        }
        return received;
    }

    static void await(String what, Callable<Boolean> condition) {
        await(what, Duration.ofSeconds(60), condition);
    }

    static void await(String what, Duration atMost, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(250)).until(condition);
    }

    /** Lets the node's schedules run a few times more, to show that something did not happen. */
    static void quietPeriod() {
        PackagedApp.sleep(12_000);
    }
}
