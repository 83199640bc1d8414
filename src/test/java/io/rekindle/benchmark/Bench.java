package io.rekindle.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import jakarta.mail.Flags;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.zaxxer.hikari.HikariDataSource;

import io.rekindle.outside.PackagedApp;
import io.rekindle.support.PostgresDatabase;

/**
 * What the benchmarks of this package share: the machine's load, medians, untimed preparation, the administrator's
 * requests, waiting for a wave's rows, counting mails.
 */
final class Bench {

    /** The journey of the J+30 waves, its timer, the rows it writes, and the emails waiting to go. */
    static final String JOURNEY = "new-signup-relaunch";
    static final String TIMER = "Timer_J30";
    static final String RELAUNCH_ROWS = "SELECT count(*) FROM outbox_message WHERE activity_id"
            + " = 'Task_SendRelaunch1'";
    static final String PENDING_EMAILS = "SELECT count(*) FROM outbox_message WHERE channel = 'EMAIL'"
            + " AND status = 'PENDING'";

    private Bench() {
    }

    /** A benchmark's body. */
    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}, then {@code close} whatever happened, and exits with 0 or, on a failure, 1. */
    static void runAndExit(Body body, Runnable close) {
        int exit = 0;
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            close.run();
        }
        System.exit(exit);
    }

    /** The machine's 1-minute load average: a shared machine's other work shows in the figures. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** {@code count} operations on {@code threads} threads, untimed. */
    static void prepareLoop(int count, int threads, BooleanSupplier operation) throws Exception {
        AtomicLong left = new AtomicLong(count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    operation.getAsBoolean();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** Counts the messages the server holds and deletes exactly those (a bounded heap for any number of mails). */
    static long drain(GreenMail smtp) throws FolderException {
        long count = 0;
        var managers = smtp.getManagers();
        for (GreenMailUser user : managers.getUserManager().listUser()) {
            MailFolder inbox = managers.getImapHostManager().getInbox(user);
            List<StoredMessage> messages = inbox.getMessages();
            if (messages.isEmpty()) {
                continue;
            }
            messages.forEach(m -> m.setFlag(Flags.Flag.DELETED, true));
            count += messages.size();
            inbox.expunge();
        }
        return count;
    }

    /** "median (min–max)" of the rounds. */
    static String cell(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return number(median(values)) + " (" + number(Arrays.stream(v).min().orElseThrow()) + "–"
                + number(Arrays.stream(v).max().orElseThrow()) + ")";
    }

    static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.1f", value);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(("admin:"
            + PackagedApp.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    /** A JSON POST as the administrator (HTTP Basic, keep-alive); fails unless it answers as expected. */
    static void post(String url, String body, int expected, String expectedInBody) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Authorization", ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected
                    || (expectedInBody != null && !answer.body().contains(expectedInBody))) {
                throw new AssertionError(url + " answered " + answer.statusCode() + ": " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code due} rows are written since {@code start} ({@code written} counts them; {@code sample} runs
     * at each look) and prints the rate. The rate counts from the first row seen: before it, the job executor may
     * still sleep (its idle wait grows to the max wait when nothing is due; SQL cannot wake it), which is printed as
     * the pick-up delay.
     */
    static double awaitRows(String what, int due, long start, LongSupplier written, Runnable sample)
            throws InterruptedException {
        long firstAt = 0;
        long atFirst = 0;
        long lastProgress = System.nanoTime();
        long seen = 0;
        while (true) {
            long rows = written.getAsLong();
            sample.run();
            long now = System.nanoTime();
            if (rows > 0 && firstAt == 0) {
                firstAt = now;
                atFirst = rows;
            }
            if (rows >= due) {
                // all in the first look: the pick-up delay cannot be told apart, count from the start
                double rate = firstAt == now ? due / ((now - start) / 1e9) : (due - atFirst) / ((now - firstAt) / 1e9);
                System.out.printf(Locale.ROOT, "  %-46s %9.1f journeys/s (%,d due; pick-up %.1f s, all in %.1f s)"
                        + "   [load %s]%n", what, rate, due, (firstAt - start) / 1e9, (now - start) / 1e9,
                        loadAverage());
                return rate;
            }
            if (rows > seen) {
                seen = rows;
                lastProgress = now;
            } else if (now - lastProgress > TimeUnit.SECONDS.toNanos(400)) {
                // longer than the job lock (5 min): a job whose execution failed to start waits that long
                throw new IllegalStateException(what + ": " + rows + " of " + due + " rows, none for 400 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Mails/s at {@code smtp}, counted from the first mail on, in {@code windows} windows of {@code window} or until
     * {@code pending} arrived; {@code each} gets each window's rate and the load average then.
     */
    static void dispatchWindows(GreenMail smtp, long pending, int windows, Duration window,
            BiConsumer<Double, String> each) throws Exception {
        long received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (received == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no mail at the SMTP server 120 s after the start");
            }
            received += drain(smtp);
            Thread.sleep(50);
        }
        System.out.printf(Locale.ROOT, "%nDispatch: %,d emails waiting; counting at the SMTP server from the first"
                + " one%n", pending);
        for (int w = 1; w <= windows && received < pending; w++) {
            long from = System.nanoTime();
            long end = from + window.toNanos();
            long got = 0;
            while (System.nanoTime() < end && received + got < pending) {
                Thread.sleep(100);
                got += drain(smtp);
            }
            received += got;
            double rate = got / seconds(from);
            String load = loadAverage();
            System.out.printf(Locale.ROOT, "  %-46s %9.1f mails/s (%,d received so far)   [load %s]%n",
                    "window " + w, rate, received, load);
            each.accept(rate, load);
        }
    }

    /** GreenMail logs every recipient it creates: thousands of lines written by the JVM that counts the mails. */
    static void quietGreenMail() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen.greenmail"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    /** A small pool to the benchmark's database, for counting and for SQL the API does not offer. */
    static HikariDataSource dataSource(String url) {
        var dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(PostgresDatabase.USER);
        dataSource.setPassword(PostgresDatabase.PASSWORD);
        dataSource.setMaximumPoolSize(2);
        return dataSource;
    }
}
