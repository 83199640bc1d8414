package io.rekindle.benchmark;

import static io.rekindle.benchmark.Bench.JOURNEY;
import static io.rekindle.benchmark.Bench.PENDING_EMAILS;
import static io.rekindle.benchmark.Bench.RELAUNCH_ROWS;
import static io.rekindle.benchmark.Bench.TIMER;
import static io.rekindle.benchmark.Bench.awaitRows;
import static io.rekindle.benchmark.Bench.cell;
import static io.rekindle.benchmark.Bench.dataSource;
import static io.rekindle.benchmark.Bench.dispatchWindows;
import static io.rekindle.benchmark.Bench.loadAverage;
import static io.rekindle.benchmark.Bench.post;
import static io.rekindle.benchmark.Bench.prepareLoop;
import static io.rekindle.benchmark.Bench.quietGreenMail;
import static io.rekindle.benchmark.Bench.seconds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.util.GreenMail;
import com.zaxxer.hikari.HikariDataSource;

import io.rekindle.engine.BareEngine;
import io.rekindle.outside.PackagedApp;
import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.TestSmtp;

/**
 * One node against two on one PostgreSQL database (the cluster of docker-compose.yml), the packaged jar in processes
 * of its own, and the job executor's and connection pool's settings that matter for several nodes. For each setting
 * the nodes are started (mail off), then {@code benchmark.runs} times (default 3) a J+30 wave: {@code
 * benchmark.cluster.wave} journeys (default 2,000, signed up through the nodes in turn, untimed) made due at once by
 * SQL, journeys/s from the first relaunch row written to the last; the optimistic-locking conflicts the nodes logged
 * and the most connections the database had open are counted alongside. Then the emails the waves left waiting are
 * sent by one node, then by two, to a GreenMail server in this JVM: mails/s in {@code benchmark.runs} windows of
 * {@code benchmark.cluster.window} seconds (default 15).
 * <p>
 * Every setting sets {@code REKINDLE_JOB_MAX_WAIT_MILLIS=5000}: with the shipped 60 s an idle node may join a wave a
 * minute late, and a wave of a few seconds would measure one node however many run. Each figure is printed with the
 * load average: on a 2-core machine two nodes share the cores, and other builds show.
 * {@code ./mvnw -Pbenchmark verify -Dbenchmark.main=io.rekindle.benchmark.ClusterBenchmark}.
 */
public final class ClusterBenchmark {


    /** A setting: how many nodes, and the documented variables that differ from the shipped ones. */
    private record Setting(String name, int nodes, Map<String, String> variables) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("1 node, shipped job executor (3–10 threads, 3 jobs per acquisition), pool 10", 1, Map.of()),
            new Setting("2 nodes, shipped job executor, pool 10", 2, Map.of()),
            new Setting("2 nodes, 10 threads, 10 jobs per acquisition, queue 10, pool 10", 2, Map.of(
                    "REKINDLE_JOB_CORE_POOL_SIZE", "10", "REKINDLE_JOB_MAX_POOL_SIZE", "10",
                    "REKINDLE_JOB_QUEUE_CAPACITY", "10", "REKINDLE_JOB_MAX_JOBS_PER_ACQUISITION", "10")),
            new Setting("2 nodes, shipped job executor, pool 4", 2, Map.of(
                    "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "4")));

    private final int runs = Integer.getInteger("benchmark.runs", 3);
    private final int wave = Integer.getInteger("benchmark.cluster.wave", 2_000);
    private final int window = Integer.getInteger("benchmark.cluster.window", 15);

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> rows = new ArrayList<>();

    private String database;
    private Map<String, String> environment;
    private HikariDataSource db;
    private final List<PackagedApp> nodes = new ArrayList<>();

    public static void main(String[] args) {
        var benchmark = new ClusterBenchmark();
        Bench.runAndExit(benchmark::run, () -> {
            benchmark.stopNodes();
            if (benchmark.db != null) {
                benchmark.db.close();
            }
        });
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Cluster benchmark: %d runs, waves of %,d journeys, dispatch windows of %d s;"
                + " %d cores, load average %s%n", runs, wave, window, Runtime.getRuntime().availableProcessors(),
                loadAverage());
        String url = PostgresDatabase.fresh("bench_cluster") + "?reWriteBatchedInserts=true";
        database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        environment = Map.of("SPRING_PROFILES_ACTIVE", "postgres", "REKINDLE_DB_URL", url,
                "REKINDLE_DB_USER", PostgresDatabase.USER, "REKINDLE_DB_PASSWORD", PostgresDatabase.PASSWORD,
                "REKINDLE_JOB_MAX_WAIT_MILLIS", "5000");
        db = dataSource(url);
        for (Setting setting : SETTINGS) {
            System.out.printf("%n--- %s ---%n", setting.name());
            startNodes(setting.nodes(), with(setting.variables(), "REKINDLE_MAIL_ENABLED", "false"));
            List<Double> rates = new ArrayList<>();
            List<String> loads = new ArrayList<>();
            long conflicts = 0;
            int connections = 0;
            for (int round = 1; round <= runs; round++) {
                BareEngine.analyze(db);
                long before = conflictsLogged();
                int[] most = new int[1];
                rates.add(wave(most));
                loads.add(loadAverage());
                conflicts += conflictsLogged() - before;
                connections = Math.max(connections, most[0]);
            }
            stopNodes();
            rows.add("| " + setting.name() + " | " + cell(rates) + " | " + conflicts + " | " + connections + " | "
                    + String.join(", ", loads) + " |");
        }
        for (int count = 1; count <= 2; count++) {
            dispatch(count);
        }
        System.out.printf(Locale.ROOT, "%nMedian (min–max) of %d runs; %d cores%n%n", runs,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| setting | journeys/s (J+30 wave of " + String.format(Locale.ROOT, "%,d", wave)
                + ") or mails/s (dispatch) | optimistic-locking conflicts logged | most connections open |"
                + " load average |");
        System.out.println("|---|---:|---:|---:|---|");
        rows.forEach(System.out::println);
    }

    // ---------------------------------------------------------------- nodes

    private void startNodes(int count, Map<String, String> variables) {
        for (int i = 1; i <= count; i++) {
            long started = System.nanoTime();
            // one at a time: the first creates the schema, as in the compose file's cluster
            nodes.add(PackagedApp.start("bench-cluster-" + i, with(environment, variables)));
            System.out.printf(Locale.ROOT, "node %d started in %.1f s%n", i, seconds(started));
        }
    }

    private void stopNodes() {
        nodes.forEach(PackagedApp::stop);
        nodes.clear();
    }

    /** The conflicts the nodes logged so far (a job or an acquisition that lost a race for the same row). */
    private long conflictsLogged() {
        long count = 0;
        for (int i = 1; i <= nodes.size(); i++) {
            try {
                String log = Files.readString(Path.of("target", "outside-in", "bench-cluster-" + i + ".log"));
                count += log.split("OptimisticLockingException", -1).length - 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- the J+30 wave

    /** Signs up the wave through the nodes in turn, makes it due, journeys/s from the first row to the last. */
    private double wave(int[] mostConnections) throws Exception {
        prepareLoop(wave, 8, this::signUp);
        // each sign-up waits for J+30 once its welcome has left (a job of its own): not timed
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
        while (BareEngine.waitingTimers(db, JOURNEY, TIMER) < wave && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long before = BareEngine.count(db, RELAUNCH_ROWS);
        long start = System.nanoTime();
        int due = BareEngine.makeDue(db, JOURNEY, TIMER, wave);
        return awaitRows("wave", due, start, () -> BareEngine.count(db, RELAUNCH_ROWS) - before,
                () -> mostConnections[0] = Math.max(mostConnections[0], (int) BareEngine.count(db,
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")));
    }

    private boolean signUp() {
        long n = sequence.incrementAndGet();
        String externalId = "cb-" + runId + "-" + n;
        post(nodes.get((int) (n % nodes.size())).baseUrl() + "/api/contacts", "{\"externalId\":\"" + externalId
                + "\",\"email\":\"" + externalId + "@example.com\",\"firstName\":\"Bench\",\"locale\":\"fr\","
                + "\"emailConsent\":true,\"smsConsent\":false}", 201, null);
        return true;
    }

    // ---------------------------------------------------------------- dispatch

    /** The waves' waiting emails sent by {@code count} nodes with the shipped mail settings. */
    private void dispatch(int count) throws Exception {
        long pending = BareEngine.count(db, PENDING_EMAILS);
        System.out.printf(Locale.ROOT, "%n--- dispatch, %d node%s, %,d emails waiting ---%n", count,
                count == 1 ? "" : "s", pending);
        BareEngine.analyze(db);
        quietGreenMail();
        GreenMail smtp = TestSmtp.start(TestSmtp.freePort());
        List<Double> rates = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        try {
            startNodes(count, Map.of("REKINDLE_MAIL_ENABLED", "true", "SMTP_HOST", "127.0.0.1", "SMTP_PORT",
                    String.valueOf(smtp.getSmtp().getPort())));
            dispatchWindows(smtp, pending, runs, Duration.ofSeconds(window), (rate, load) -> {
                rates.add(rate);
                loads.add(load);
            });
        } finally {
            stopNodes();
            smtp.stop();
        }
        rows.add("| dispatch, " + count + " node" + (count == 1 ? "" : "s") + ", shipped mail settings (mails/s) | "
                + cell(rates) + " | – | – | " + String.join(", ", loads) + " |");
    }

    // ---------------------------------------------------------------- plumbing

    private static Map<String, String> with(Map<String, String> environment, String key, String value) {
        return with(environment, Map.of(key, value));
    }

    private static Map<String, String> with(Map<String, String> environment, Map<String, String> more) {
        var copy = new LinkedHashMap<>(environment);
        copy.putAll(more);
        return copy;
    }
}
