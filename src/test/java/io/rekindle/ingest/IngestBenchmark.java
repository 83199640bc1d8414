package io.rekindle.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import io.rekindle.RekindleApplication;
import io.rekindle.support.PostgresDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingestion benchmark (issue 16): the whole application on a fresh PostgreSQL database, in this JVM
 * ({@code -Xmx512m}, as the benchmark profile runs it), driven over HTTP on the loopback interface exactly as a
 * Segment source would: HTTP/1.1 keep-alive clients, HTTP Basic on every request. A base of
 * {@code benchmark.contacts} contacts (default 2,000) signs up through the API (each in the relaunch journey); then,
 * {@code benchmark.runs} times (default 3), for single {@code track} calls and for batches of 100:
 * <ol>
 * <li>saturation: {@code benchmark.clients} clients (default 8) send back to back for {@code benchmark.seconds}
 * (default 20 s, after a 5 s warm-up): events/s;</li>
 * <li>latency: an open loop at half that rate for the same time, each request timed from the moment it was due
 * (a request that waits for a free client counts its wait): p50, p99, max.</li>
 * </ol>
 * Every event is an {@code Order Completed} with a fresh messageId for a random contact of the base: a PURCHASE stored
 * with its inbox row, applied to the contact and correlated (the first one of each contact ends its relaunch).
 * Prints each run and the medians. {@code ./mvnw -Pbenchmark verify -Dbenchmark.main=io.rekindle.ingest.IngestBenchmark}.
 */
public final class IngestBenchmark {

    private static final int BATCH = 100;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;
    private final int contacts;
    private final int clients;
    private final Duration measure;
    private final AtomicLong messages = new AtomicLong();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private IngestBenchmark(String base, String password, int contacts, int clients, Duration measure) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.contacts = contacts;
        this.clients = clients;
        this.measure = measure;
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("benchmark.ingest.contacts", 2_000);
        int runs = Integer.getInteger("benchmark.runs", 3);
        int clients = Integer.getInteger("benchmark.clients", 8);
        int seconds = Integer.getInteger("benchmark.seconds", 20);
        String database = System.getProperty("benchmark.database", "rekindle_ingest_benchmark");
        String url = PostgresDatabase.fresh(database);
        String password = "Bench-" + UUID.randomUUID();
        System.out.printf("Ingestion benchmark: %,d contacts, %d runs, %d keep-alive clients, %d s per measure,"
                + " PostgreSQL database %s, %d cores, max heap %d MB%n", contacts, runs, clients, seconds, database,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RekindleApplication.class).run(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                "--rekindle.security.admin-password=" + password,
                "--rekindle.security.link-secret=" + UUID.randomUUID() + UUID.randomUUID(),
                "--rekindle.mail.enabled=false",
                "--server.port=0",
                "--logging.level.root=WARN");
        int exit = 0;
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            IngestBenchmark bench = new IngestBenchmark("http://127.0.0.1:" + port, password, contacts, clients,
                    Duration.ofSeconds(seconds));
            bench.signUps();
            List<Result> singles = new ArrayList<>();
            List<Result> batches = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                singles.add(bench.measure("single track", "/api/segment/v1/track", 1, bench::track));
                batches.add(bench.measure("batch of 100", "/api/segment/v1/batch", BATCH, bench::batch));
            }
            System.out.println();
            summary("single track", singles);
            summary("batch of 100", batches);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            app.close();
        }
        System.exit(exit);
    }

    private void signUps() throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                send("/api/contacts", "{\"externalId\":\"bench-" + n + "\",\"email\":\"bench-" + n
                        + "@example.com\",\"firstName\":\"Bench\",\"locale\":\"fr\",\"emailConsent\":true,"
                        + "\"smsConsent\":false}", 201);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%,d contacts signed up in %.1f s%n", contacts, (System.nanoTime() - start) / 1e9);
    }

    private String message() {
        int contact = ThreadLocalRandom.current().nextInt(contacts);
        return "{\"type\":\"track\",\"userId\":\"bench-" + contact + "\",\"event\":\"Order Completed\",\"messageId\":\""
                + runId + "-" + messages.incrementAndGet() + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"properties\":{\"revenue\":" + (10 + ThreadLocalRandom.current().nextInt(90)) + ".90}}";
    }

    private String track(long i) {
        return message();
    }

    private String batch(long i) {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int n = 0; n < BATCH; n++) {
            body.append(n == 0 ? "" : ",").append(message());
        }
        return body.append("]}").toString();
    }

    private void send(String path, String body, int expected) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected || answer.body().contains("\"REJECTED\"")) {
                throw new AssertionError(path + " answered " + answer.statusCode() + ": " + answer.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(double eventsPerSecond, double halfRate, double p50Millis, double p99Millis, double maxMillis) {
    }

    private Result measure(String what, String path, int eventsPerRequest, LongFunction<String> bodies)
            throws Exception {
        // saturation: every client back to back
        closedLoop(path, bodies, Duration.ofSeconds(5));
        long requests = closedLoop(path, bodies, measure);
        double perSecond = requests * (double) eventsPerRequest / measure.toNanos() * 1e9;
        // latency at half that rate, open loop
        double requestRate = requests / (double) measure.toNanos() * 1e9 / 2;
        long[] latencies = openLoop(path, bodies, requestRate);
        Arrays.sort(latencies);
        Result result = new Result(perSecond, perSecond / 2, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "[load average %s] ", loadAverage());
        System.out.printf(Locale.ROOT, "%-13s saturated %,9.0f events/s | at %,7.0f events/s: p50 %6.1f ms, p99 %6.1f"
                + " ms, max %6.1f ms (%,d requests)%n", what, result.eventsPerSecond(), result.halfRate(),
                result.p50Millis(), result.p99Millis(), result.maxMillis(), latencies.length);
        return result;
    }

    private long closedLoop(String path, LongFunction<String> bodies, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong count = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    send(path, bodies.apply(0), 200);
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return count.get();
    }

    private long[] openLoop(String path, LongFunction<String> bodies, double requestsPerSecond) throws Exception {
        long total = Math.max(1, (long) (requestsPerSecond * measure.toSeconds()));
        long interval = (long) (1e9 / requestsPerSecond);
        long[] latencies = new long[(int) total];
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients * 4);
        long start = System.nanoTime() + 50_000_000L;
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients * 4; c++) {
            done.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    String body = bodies.apply(i);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    send(path, body, 200);
                    latencies[(int) i] = System.nanoTime() - due;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return latencies;
    }

    /** The machine's 1-minute load average: a shared machine's other work shows in the figures. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void summary(String what, List<Result> runs) {
        System.out.printf(Locale.ROOT, "%-13s median of %d runs: %,.0f events/s saturated (%s); p99 %.1f ms at half"
                + " rate (%s); p50 %.1f ms%n", what, runs.size(),
                median(runs.stream().mapToDouble(Result::eventsPerSecond).toArray()),
                range(runs.stream().mapToDouble(Result::eventsPerSecond).toArray(), "%,.0f"),
                median(runs.stream().mapToDouble(Result::p99Millis).toArray()),
                range(runs.stream().mapToDouble(Result::p99Millis).toArray(), "%.1f"),
                median(runs.stream().mapToDouble(Result::p50Millis).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String range(double[] values, String format) {
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        return "min–max " + String.format(Locale.ROOT, format, min) + "–" + String.format(Locale.ROOT, format, max);
    }
}
