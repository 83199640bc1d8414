package io.rekindle.email;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.RekindleApplication;
import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.TestSmtp;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The email dispatch benchmark (issue 19): the whole application on a fresh PostgreSQL database, in this JVM
 * ({@code -Xmx512m}, as the benchmark profile runs it), with email delivery on and its <em>shipped</em> schedule
 * and settings, sending to GreenMail on the loopback interface. {@code benchmark.messages} waiting outbox rows
 * (default 20,000; one contact each, a relaunch email of about 3 KB of HTML) are written by bulk SQL at once; the
 * messages GreenMail received are counted every {@code benchmark.window} seconds (default 5) until all arrived or
 * {@code benchmark.dispatch.seconds} passed (default 120). Prints mails/s per window and the median of the full
 * windows (the first and the last, partial ones, left out), and checks no recipient got two.
 * <p>
 * {@code ./mvnw -Pbenchmark verify -Dbenchmark.main=io.rekindle.email.DispatchBenchmark}; other settings to compare:
 * {@code -Dbenchmark.args=--rekindle.mail.batch-size=50,--rekindle.mail.dispatch-interval=PT5S}.
 */
public final class DispatchBenchmark {

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("benchmark.messages", 20_000);
        int window = Integer.getInteger("benchmark.window", 5);
        int seconds = Integer.getInteger("benchmark.dispatch.seconds", 120);
        List<String> extra = Arrays.stream(System.getProperty("benchmark.args", "").split(","))
                .map(String::strip).filter(a -> a.startsWith("--")).toList();
        String url = PostgresDatabase.fresh(System.getProperty("benchmark.database", "rekindle_dispatch_benchmark"));
        int smtpPort = TestSmtp.freePort();
        GreenMail smtp = TestSmtp.start(smtpPort);
        // counted as each message's data arrive, before the 250; the mailboxes are emptied as we go (20,000 messages
        // would fill the heap the app shares with GreenMail here)
        AtomicInteger arrived = new AtomicInteger();
        Set<String> recipients = ConcurrentHashMap.newKeySet();
        var users = smtp.getUserManager();
        var store = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            arrived.incrementAndGet();
            recipients.add(address.getEmail());
            return store.handle(message, address);
        });
        System.out.printf("Dispatch benchmark: %,d waiting emails, windows of %d s, at most %d s, %d cores,"
                + " max heap %d MB, settings %s%n", messages, window, seconds,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                extra.isEmpty() ? "shipped" : extra);
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                "--rekindle.security.admin-password=Bench-" + UUID.randomUUID(),
                "--rekindle.security.link-secret=" + UUID.randomUUID() + UUID.randomUUID(),
                "--rekindle.mail.enabled=true",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort,
                "--server.port=0",
                "--logging.level.root=WARN",
                "--logging.level.com.icegreen=ERROR"));
        arguments.addAll(extra);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RekindleApplication.class)
                .run(arguments.toArray(String[]::new));
        int exit = 0;
        try {
            write(url, messages);
            List<Double> rates = new ArrayList<>();
            long start = System.nanoTime();
            int before = 0;
            while (before < messages && System.nanoTime() - start < seconds * 1_000_000_000L) {
                Thread.sleep(window * 1000L);
                smtp.purgeEmailFromAllMailboxes();
                int now = arrived.get();
                double rate = (now - before) / (double) window;
                System.out.printf(Locale.ROOT, "%5d s: %,7d received, %7.1f mails/s%n",
                        (System.nanoTime() - start) / 1_000_000_000L, now, rate);
                if (before > 0 && now < messages) {
                    rates.add(rate); // a full window: sending already when it began, still when it ended
                }
                before = now;
            }
            long distinct = recipients.size();
            int received = arrived.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            rates.sort(null);
            System.out.printf(Locale.ROOT, "%nmedian %.1f mails/s over %d full windows (min %.1f, max %.1f), overall"
                    + " %.1f mails/s; %,d received, %,d recipients, %d duplicates%n",
                    rates.isEmpty() ? Double.NaN : rates.get(rates.size() / 2), rates.size(),
                    rates.isEmpty() ? Double.NaN : rates.get(0),
                    rates.isEmpty() ? Double.NaN : rates.get(rates.size() - 1), received / elapsed, received, distinct,
                    received - distinct);
            if (received != distinct) {
                throw new AssertionError("a recipient received a message twice");
            }
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            app.close();
            smtp.stop();
        }
        System.exit(exit);
    }

    /** One contact per message, a relaunch email as the journey writes it, due now. */
    private static void write(String url, int messages) throws Exception {
        String html = "<html><body><h1>Bonjour Bench,</h1>" + "<p>Vous nous manquez. ".repeat(120)
                + "</p></body></html>";
        String text = "Bonjour Bench,\n" + "Vous nous manquez. ".repeat(60);
        try (Connection c = DriverManager.getConnection(url, PostgresDatabase.USER, PostgresDatabase.PASSWORD)) {
            c.createStatement().execute("""
                    INSERT INTO contact (external_id, email, first_name, locale, signed_up_at, email_consent,
                        sms_consent, created_at, updated_at)
                    SELECT 'bench-' || n, 'bench-' || n || '@example.com', 'Bench', 'fr', now() - interval '30 days',
                        true, false, now(), now()
                    FROM generate_series(1, %d) n""".formatted(messages));
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO outbox_message (idempotency_key, contact_id, channel, template, locale, recipient,
                        subject, body_text, body_html, journey, status, attempts, next_attempt_at, created_at,
                        message_uuid)
                    SELECT 'bench-' || id, id, 'EMAIL', 'relaunch-1', 'fr', email, 'Bench, vous nous manquez', ?, ?,
                        'relaunch', 'PENDING', 0, now(), now(), gen_random_uuid()::text
                    FROM contact WHERE external_id LIKE 'bench-%'""")) {
                insert.setString(1, text);
                insert.setString(2, html);
                insert.executeUpdate();
            }
        }
    }
}
