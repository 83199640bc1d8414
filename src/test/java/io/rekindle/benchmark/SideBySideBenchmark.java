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
import static io.rekindle.benchmark.Bench.median;
import static io.rekindle.benchmark.Bench.prepareLoop;
import static io.rekindle.benchmark.Bench.quietGreenMail;
import static io.rekindle.benchmark.Bench.seconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.icegreen.greenmail.util.GreenMail;
import com.zaxxer.hikari.HikariDataSource;

import io.rekindle.engine.BareEngine;
import io.rekindle.journey.Journeys;
import io.rekindle.outside.PackagedApp;
import io.rekindle.support.PostgresDatabase;
import io.rekindle.support.TestSmtp;

/**
 * The side-by-side benchmark (issue 19): the packaged jar ({@code target/rekindle.jar}, its own process, the
 * {@code postgres} profile on a fresh database) driven over HTTP by keep-alive clients with HTTP Basic, and a bare
 * Camunda engine ({@link BareEngine}, in this JVM, on a fresh database of its own) doing the same engine work, in the
 * same run, interleaved: {@code benchmark.warmup.rounds} rounds thrown away (default 1: both JVMs warm), then
 * {@code benchmark.runs} rounds (default 3), in each every measure on one side then the other (the side that goes
 * first alternates), each closed-loop measure after {@code benchmark.warmup} seconds of warm-up (default 2) for
 * {@code benchmark.measure.seconds} (default 6); {@code benchmark.stages} picks measures (signups, events, wave,
 * dispatch; all by default; events need the sign-ups' waiting journeys, so they bring the sign-ups along):
 * <ol>
 * <li>sign-ups/s: {@code POST /api/contacts} (each starts the relaunch journey: its welcome, then the wait at the P30D
 * timer) with 1, 2 and 8 clients, counted until the last welcome row of the measure is written, against a start of
 * the bare process that waits at its P30D timer, and against the journey's engine shape with its welcome (counted
 * the same way), with 1 and 2 threads;</li>
 * <li>events/s: a PURCHASE ({@code POST /api/events}) for a contact whose journey waits (it ends the journey), and for
 * one with no waiting journey, 1 and 2 clients, against the correlation of the message by business key; the former
 * also against ending an instance of the journey's engine shape past its welcome (two event sub-processes waiting
 * with the P30D timer, as the journey there), the latter also against the same correlation through the engine's own
 * REST API in the jar ({@code POST /engine-rest/message}, as many clients), which has the HTTP request's cost and
 * none of Rekindle's work;</li>
 * <li>p99 of event intake (PURCHASE, no waiting journey) in an open loop at half that round's saturated rate with 2
 * clients; the goal is under 50 ms;</li>
 * <li>the J+30 wave: {@code benchmark.wave} journeys (default 5,000) made due at once, journeys/s until every relaunch
 * outbox row is written, against the bare timer → service task (writes a row) → end;</li>
 * </ol>
 * then, once, the dispatch: the jar restarted on the same database with its shipped mail settings against a GreenMail
 * SMTP server in this JVM, with at least {@code benchmark.dispatch.messages} (default 20,000) relaunch emails waiting;
 * mails/s counted at the server from the first mail on, for {@code benchmark.dispatch.seconds} (default 60) split in
 * {@code benchmark.runs} windows, or once per count of {@code benchmark.dispatch.senders} (e.g. 1,4: each
 * on what the last left). {@code benchmark.base} (default 0; else at least 20) journeys waiting at their J+30 timer
 * are made on each side first, copied in SQL from one real journey and checked through the engine ({@link
 * WaitingBase}).
 *
 * <p>Prints each measure as it goes, with the load average, then a table: per figure the median and min–max of the
 * rounds for each side and the ratio of the medians.
 * {@code ./mvnw -Pbenchmark verify -Dbenchmark.main=io.rekindle.benchmark.SideBySideBenchmark}.
 */
public final class SideBySideBenchmark {

    private static final double DISPATCH_GOAL = 200;
    private static final double P99_GOAL_MILLIS = 50;
    private static final int MIN_WAITING = 600;

    private final int runs = Integer.getInteger("benchmark.runs", 3);
    private final Duration warmup = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 2));
    private final Duration measure = Duration.ofSeconds(Integer.getInteger("benchmark.measure.seconds", 6));
    private final int wave = Integer.getInteger("benchmark.wave", 5_000);
    private final int dispatchMessages = Integer.getInteger("benchmark.dispatch.messages", 20_000);
    private final int dispatchSeconds = Integer.getInteger("benchmark.dispatch.seconds", 60);
    /** REKINDLE_MAIL_SENDERS values to measure in turn (comma-separated); the shipped setting by default. */
    private final List<String> dispatchSenders = List.of(System.getProperty("benchmark.dispatch.senders", "")
            .split(","));
    private final int base = Integer.getInteger("benchmark.base", 0);
    /**
     * Whether the sign-ups are also measured against the welcomed bare process (default true). On a large base its
     * jobs, on Camunda's schema, are written minutes after the starts (every acquisition reads the whole job table):
     * {@code -Dbenchmark.welcomed=false} keeps the plain start as the only sign-up yardstick.
     */
    private final boolean welcomed = Boolean.parseBoolean(System.getProperty("benchmark.welcomed", "true"));
    /** The two sign-up yardsticks, as the rows name them. */
    private static final String PLAIN_START = "vs bare start → wait at P30D";
    private static final String WELCOMED_SHAPE = "vs the journey's engine shape (welcome timer → async welcome → wait"
            + " at P30D)";
    /** The waiting-purchase yardstick of the journey's shape (the is the bare process's event-based gateway). */
    private static final String WAITING_SHAPE = "vs the journey's engine shape past its welcome (P30D timer, purchase"
            + " and unsubscribe event sub-processes)";
    /** Rounds run first and thrown away: a just-started JVM (both sides') is not what a running service is. */
    private final int warmupRounds = Integer.getInteger("benchmark.warmup.rounds", 1);
    /** Which measures run: any of signups, events, wave, dispatch (comma-separated); all by default. */
    private final List<String> stages = List.of(System.getProperty("benchmark.stages",
            "signups,events,wave,dispatch").split(","));

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    /** Contacts (externalId) and bare instances (business key) waiting at their J+30 timer, not yet purchased. */
    private final Queue<String> waitingRekindle = new ConcurrentLinkedQueue<>();
    private final Queue<String> waitingBare = new ConcurrentLinkedQueue<>();
    /** Instances of the journey's engine shape ({@link BareEngine#WELCOMED}) waiting at P30D once welcomed. */
    private final Queue<String> waitingWelcomed = new ConcurrentLinkedQueue<>();
    /** Those whose journey a purchase ended: a PURCHASE for them finds no waiting journey. */
    private final List<String> endedRekindle = Collections.synchronizedList(new ArrayList<>());
    private final List<String> endedBare = Collections.synchronizedList(new ArrayList<>());

    private Map<String, String> environment;
    private HikariDataSource rekindleDb;
    private PackagedApp app;
    private BareEngine bare;

    public static void main(String[] args) {
        var benchmark = new SideBySideBenchmark();
        Bench.runAndExit(benchmark::run, benchmark::close);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Side-by-side benchmark: %d rounds, %d s warm-up + %d s per measure, wave of %,d"
                + " journeys, dispatch of %,d waiting for %d s, base %,d; %d cores, load average %s%n", runs,
                warmup.toSeconds(), measure.toSeconds(), wave, dispatchMessages, dispatchSeconds, base,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        String rekindleUrl = PostgresDatabase.fresh("bench_rekindle") + "?reWriteBatchedInserts=true";
        environment = Map.of("SPRING_PROFILES_ACTIVE", "postgres", "REKINDLE_DB_URL", rekindleUrl,
                "REKINDLE_DB_USER", PostgresDatabase.USER, "REKINDLE_DB_PASSWORD", PostgresDatabase.PASSWORD);
        rekindleDb = dataSource(rekindleUrl);
        long started = System.nanoTime();
        // mail off: the waves' relaunch emails stay PENDING in the outbox, waiting for the dispatch measure
        app = PackagedApp.start("bench-rekindle", with(environment, "REKINDLE_MAIL_ENABLED", "false"));
        System.out.printf(Locale.ROOT, "%s started in %.1f s%n", app.baseUrl(), seconds(started));
        bare = BareEngine.start(PostgresDatabase.fresh("bench_bare") + "?reWriteBatchedInserts=true",
                PostgresDatabase.USER, PostgresDatabase.PASSWORD);
        if (base > 0) {
            long building = System.nanoTime();
            new WaitingBase(rekindleDb, bare, app.baseUrl(), runId).build(base);
            analyze();
            System.out.printf(Locale.ROOT, "base of %,d waiting journeys on each side built and checked in %.1f s%n",
                    base, seconds(building));
        }
        for (int round = 1 - warmupRounds; round <= runs; round++) {
            System.out.printf("%n--- %s ---%n", round < 1 ? "warm-up round, not counted"
                    : "round " + round + " of " + runs);
            boolean rekindleFirst = round % 2 != 0;
            if (round == 1) {
                figures.clear();
            }
            if (stages.contains("signups") || stages.contains("events")) {
                analyze();
                signUps(rekindleFirst);
            }
            if (stages.contains("events")) {
                analyze();
                events(rekindleFirst);
            }
            if (stages.contains("wave")) {
                analyze();
                waves(rekindleFirst);
            }
        }
        if (stages.contains("dispatch")) {
            dispatch();
        }
        print();
    }

    /** Both databases' statistics brought up to date, untimed (autovacuum's job; it is off on this machine). */
    private void analyze() {
        BareEngine.analyze(rekindleDb);
        bare.analyze();
    }

    // ---------------------------------------------------------------- sign-ups

    /**
     * Each count of clients against two bare processes: the yardstick issue 19 was written against (a start that
     * waits at a P30D timer) and the journey's own engine shape from the sign-up ({@link BareEngine#WELCOMED}: the
     * welcome delay's timer job, the asynchronous welcome writing its row, then the P30D timer). The journey's
     * welcome runs in jobs after each sign-up's answer: on that side, and on the shaped bare one, a measure lasts
     * until the last welcome of its sign-ups is written (the jobs a closed loop left behind are its own work, not the
     * next measure's).
     */
    private void signUps(boolean rekindleFirst) throws Exception {
        List<String> yardsticks = welcomed ? List.of(PLAIN_START, WELCOMED_SHAPE) : List.of(PLAIN_START);
        for (int clients : new int[] {1, 2}) {
            String label = "sign-ups/s, " + plural(clients, "client") + " vs " + plural(clients, "thread") + ", ";
            Measure rekindle = () -> closedLoop("Rekindle sign-ups, " + plural(clients, "client"), clients,
                    this::signUpRekindle, () -> BareEngine.welcomeJobs(rekindleDb, JOURNEY));
            Measure bareMinimal = () -> closedLoop("bare starts, " + plural(clients, "thread"), clients,
                    this::signUpBare, null);
            Measure bareShaped = () -> closedLoop("bare welcomed starts, " + plural(clients, "thread"), clients,
                    this::signUpWelcomed, bare::welcomeJobs);
            if (welcomed) {
                threeWay(rekindleFirst, rekindle, figure(label + PLAIN_START), bareMinimal,
                        figure(label + WELCOMED_SHAPE), bareShaped);
            } else {
                pair(rekindleFirst, label + PLAIN_START, rekindle, bareMinimal);
            }
        }
        // the bare engine's best on 2 cores is 2 threads: the 8-client rows compare with it
        double eight = closedLoop("Rekindle sign-ups, 8 clients", 8, this::signUpRekindle,
                () -> BareEngine.welcomeJobs(rekindleDb, JOURNEY));
        String load = lastLoad;
        for (String yardstick : yardsticks) {
            Figure two = figure("sign-ups/s, 2 clients vs 2 threads, " + yardstick);
            Figure row = figure("sign-ups/s, 8 clients vs 2 threads, " + yardstick);
            row.rekindle(eight, load);
            row.bare(two.bare.get(two.bare.size() - 1));
        }
    }

    private boolean signUpWelcomed() {
        long id = sequence.incrementAndGet();
        String key = "w-" + id;
        bare.startWelcomed(key, id, key + "@example.com");
        waitingWelcomed.add(key);
        return true;
    }

    private boolean signUpRekindle() {
        String externalId = "pb-" + runId + "-" + sequence.incrementAndGet();
        post("/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"Bench\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false}", 201, null);
        waitingRekindle.add(externalId);
        return true;
    }

    private boolean signUpBare() {
        long id = sequence.incrementAndGet();
        String key = "b-" + id;
        bare.start(key, id, key + "@example.com");
        waitingBare.add(key);
        return true;
    }

    // ---------------------------------------------------------------- events

    private void events(boolean rekindleFirst) throws Exception {
        for (int clients : new int[] {1, 2}) {
            String label = "PURCHASE ending a waiting journey, " + plural(clients, "client") + " vs "
                    + plural(clients, "thread");
            topUp(clients);
            Measure rekindle = () -> closedLoop("Rekindle PURCHASE, waiting, " + plural(clients, "client"), clients,
                    this::purchaseWaitingRekindle);
            Measure bareMinimal = () -> closedLoop("bare correlate, waiting, " + plural(clients, "thread"), clients,
                    this::purchaseWaitingBare);
            if (welcomed) {
                threeWay(rekindleFirst, rekindle, figure(label), bareMinimal, figure(label + ", " + WAITING_SHAPE),
                        () -> closedLoop("bare correlate, welcomed shape waiting, " + plural(clients, "thread"),
                                clients, this::purchaseWaitingWelcomed));
            } else {
                pair(rekindleFirst, label, rekindle, bareMinimal);
            }
        }
        for (int clients : new int[] {1, 2}) {
            String label = plural(clients, "client") + " vs " + plural(clients, "thread");
            pair(rekindleFirst, "PURCHASE, no waiting journey, " + label,
                    () -> closedLoop("Rekindle PURCHASE, none waiting, " + plural(clients, "client"), clients,
                            this::purchaseEndedRekindle),
                    () -> closedLoop("bare correlate, none waiting, " + plural(clients, "thread"), clients,
                            this::purchaseEndedBare));
        }
        // The same correlation through the engine's own REST API in the jar (HTTP Basic, JSON, Spring Security,
        // Tomcat, as Rekindle's requests): what part of the no-waiting row's gap is the HTTP request itself.
        for (int clients : new int[] {1, 2}) {
            Figure rekindle = figure("PURCHASE, no waiting journey, " + plural(clients, "client") + " vs "
                    + plural(clients, "thread"));
            Figure row = figure("PURCHASE, no waiting journey, " + plural(clients, "client") + ", vs the same"
                    + " correlation over HTTP (the engine's REST API in the jar, " + plural(clients, "client") + ")");
            row.rekindle(rekindle.rekindle.get(rekindle.rekindle.size() - 1),
                    rekindle.loads.get(rekindle.loads.size() - 1));
            row.bare(closedLoop("engine REST correlate, none waiting, " + plural(clients, "client"), clients,
                    this::correlateOverEngineRest));
        }
        var saturated = figure("PURCHASE, no waiting journey, 2 clients vs 2 threads").rekindle;
        latency(saturated.get(saturated.size() - 1) / 2);
    }

    /** {@code POST /engine-rest/message}: the purchase message, correlated to all (none here) by business key. */
    private boolean correlateOverEngineRest() {
        post("/engine-rest/message", "{\"messageName\":\"" + Journeys.MESSAGE_PURCHASE_MADE + "\",\"businessKey\":\""
                + runId + "-none-" + sequence.incrementAndGet() + "\",\"all\":true}", 204, null);
        return true;
    }

    /**
     * Untimed sign-ups until enough journeys wait on each side for a waiting-purchase measure of {@code clients}
     * (300 a second each, at least {@value #MIN_WAITING}: on a loaded machine the round's sign-ups may be too few to
     * last its warm-up, and the measure then fails), then until every welcome is written: a purchase ends a journey
     * waiting at J+30, on both sides.
     */
    private void topUp(int clients) throws Exception {
        int needed = Math.max(MIN_WAITING, (int) (300 * clients * (warmup.toSeconds() + measure.toSeconds())));
        prepareLoop(Math.max(0, needed - waitingRekindle.size()), 8, this::signUpRekindle);
        prepareLoop(Math.max(0, needed - waitingBare.size()), 2, this::signUpBare);
        if (welcomed) {
            prepareLoop(Math.max(0, needed - waitingWelcomed.size()), 2, this::signUpWelcomed);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (BareEngine.welcomeJobs(rekindleDb, JOURNEY) > 0 || (welcomed && bare.welcomeJobs() > 0)) {
            if (System.nanoTime() > deadline) {
                // measured anyway: a purchase then ends some journeys before their welcome, on the side that lags
                System.out.printf(Locale.ROOT, "  (welcomes still to write after 5 minutes: Rekindle %d, bare %d)%n",
                        BareEngine.welcomeJobs(rekindleDb, JOURNEY), welcomed ? bare.welcomeJobs() : 0);
                break;
            }
            Thread.sleep(50);
        }
    }

    private boolean purchaseWaitingRekindle() {
        String externalId = waitingRekindle.poll();
        if (externalId == null) {
            return false;
        }
        purchase(externalId);
        endedRekindle.add(externalId);
        return true;
    }

    private boolean purchaseEndedRekindle() {
        purchase(random(endedRekindle));
        return true;
    }

    private void purchase(String externalId) {
        post("/api/events", "{\"externalId\":\"" + externalId + "\",\"type\":\"PURCHASE\",\"amount\":49.90,"
                + "\"eventId\":\"" + runId + "-e" + sequence.incrementAndGet() + "\"}", 202, "\"correlation\":\"DONE\"");
    }

    private boolean purchaseWaitingBare() {
        return purchaseWaiting(waitingBare, endedBare);
    }

    private boolean purchaseWaitingWelcomed() {
        return purchaseWaiting(waitingWelcomed, null);
    }

    /** A purchase for the next bare instance of {@code waiting}, which it ends; kept in {@code ended} if given. */
    private boolean purchaseWaiting(Queue<String> waiting, List<String> ended) {
        String key = waiting.poll();
        if (key == null) {
            return false;
        }
        expect(bare.purchase(key), 1, key);
        if (ended != null) {
            ended.add(key);
        }
        return true;
    }

    private boolean purchaseEndedBare() {
        String key = random(endedBare);
        expect(bare.purchase(key), 0, key);
        return true;
    }

    private static void expect(int reached, int expected, String key) {
        if (reached != expected) {
            throw new AssertionError("the purchase of " + key + " reached " + reached + " instances, not " + expected);
        }
    }

    /** Open loop at {@code rate} requests/s, each timed from when it was due (a wait for a free client counts). */
    private void latency(double rate) throws Exception {
        long total = Math.max(1, (long) (rate * measure.toSeconds()));
        long interval = (long) (1e9 / rate);
        long[] latencies = new long[(int) total];
        AtomicLong next = new AtomicLong();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime() + 50_000_000L;
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    String contact = random(endedRekindle);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    purchase(contact);
                    latencies[(int) i] = System.nanoTime() - due;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        Arrays.sort(latencies);
        double p50 = percentile(latencies, 0.50);
        double p99 = percentile(latencies, 0.99);
        String load = loadAverage();
        System.out.printf(Locale.ROOT, "  %-46s p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms at %,.0f events/s"
                + "   [load %s]%n", "Rekindle PURCHASE intake, open loop", p50, p99,
                latencies[latencies.length - 1] / 1e6, rate, load);
        figure("event intake p99 (ms) at half the saturated rate, 2 clients").rekindle(p99, load);
    }

    // ---------------------------------------------------------------- the J+30 wave

    /**
     * The wave against two bare processes: the yardstick (timer → task → end: one job) and the journey's own
     * engine shape (timer → check → gateway → asynchronous send → waiting for an open or J+37: two jobs, as the
     * relaunch journey). The order of the three alternates with the rounds.
     */
    private void waves(boolean rekindleFirst) throws Exception {
        String journeys = String.format(Locale.ROOT, "%,d", wave);
        Figure minimal = figure("J+30 wave, " + journeys + " journeys due at once (journeys/s until every relaunch"
                + " row is written), vs bare timer → task → end");
        Figure shaped = figure("J+30 wave, " + journeys + " journeys, vs the journey's engine shape (timer → check →"
                + " gateway → async task → event gateway)");
        Measure rekindle = () -> waveRekindle(wave, "Rekindle J+30 wave");
        Measure bareMinimal = () -> wave("bare timer → task → end", wave, this::signUpBare,
                () -> bare.waitingTimers(), bare::makeDue, bare::rows);
        Measure bareShaped = () -> wave("bare, the journey's shape", wave, this::startShaped,
                () -> bare.waitingTimers(BareEngine.SHAPED), n -> bare.makeDue(BareEngine.SHAPED, n), bare::rows);
        threeWay(rekindleFirst, rekindle, minimal, bareMinimal, shaped, bareShaped);
        // the journeys left waiting may have been in the wave: the next round signs up its own
        waitingRekindle.clear();
        waitingBare.clear();
    }

    private boolean startShaped() {
        long id = sequence.incrementAndGet();
        String key = "s-" + id;
        bare.startShaped(key, id, key + "@example.com");
        return true;
    }

    private double waveRekindle(int journeys, String what) throws Exception {
        return wave(what, journeys, this::signUpRekindle,
                () -> BareEngine.waitingTimers(rekindleDb, JOURNEY, TIMER),
                n -> BareEngine.makeDue(rekindleDb, JOURNEY, TIMER, n), () -> BareEngine.count(rekindleDb,
                        RELAUNCH_ROWS));
    }

    /**
     * Makes {@code journeys} waiting timers due at once (signing up more first if fewer wait) and waits for every
     * row they write ({@link Bench#awaitRows}).
     */
    private double wave(String what, int journeys, BooleanSupplier signUp, LongSupplier waiting,
            java.util.function.IntUnaryOperator makeDue, LongSupplier rows) throws Exception {
        long missing = journeys - waiting.getAsLong();
        if (missing > 0) {
            prepareLoop((int) missing, 8, signUp);
        }
        // a Rekindle sign-up waits for J+30 once its welcome has left (a job of its own): not timed, not in the wave
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (waiting.getAsLong() < journeys && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long before = rows.getAsLong();
        long start = System.nanoTime();
        int due = makeDue.applyAsInt(journeys);
        double rate = awaitRows(what, due, start, () -> rows.getAsLong() - before, () -> { });
        lastLoad = loadAverage();
        return rate;
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatch() throws Exception {
        long pending = BareEngine.count(rekindleDb, PENDING_EMAILS);
        if (pending < dispatchMessages) {
            System.out.printf(Locale.ROOT, "%nfilling the outbox: %,d emails waiting, a wave of %,d more%n", pending,
                    dispatchMessages - pending);
            waveRekindle((int) (dispatchMessages - pending), "Rekindle wave (not timed)");
            pending = BareEngine.count(rekindleDb, PENDING_EMAILS);
        }
        analyze();
        app.stop();
        quietGreenMail();
        GreenMail smtp = TestSmtp.start(TestSmtp.freePort());
        try {
            int port = smtp.getSmtp().getPort();
            // the same database; mail on with the shipped dispatch settings (interval, batch size), or each of the
            // sender counts asked for, one after the other on what the last left waiting
            for (String senders : dispatchSenders) {
                var settings = with(with(with(environment, "REKINDLE_MAIL_ENABLED", "true"), "SMTP_HOST", "127.0.0.1"),
                        "SMTP_PORT", String.valueOf(port));
                if (!senders.isEmpty()) {
                    app.stop();
                    settings = with(settings, "REKINDLE_MAIL_SENDERS", senders);
                    pending = BareEngine.count(rekindleDb, PENDING_EMAILS);
                }
                app = PackagedApp.start("bench-dispatch", settings);
                Figure figure = figure("dispatch to an SMTP server, " + (senders.isEmpty() ? "shipped settings"
                        : senders + " sender(s)") + " (mails/s)");
                dispatchWindows(smtp, pending, runs, Duration.ofSeconds(Math.max(1, dispatchSeconds / runs)),
                        figure::rekindle);
            }
        } finally {
            smtp.stop();
        }
    }

    // ---------------------------------------------------------------- measuring

    private String lastLoad = "?";

    private interface Measure {
        double run() throws Exception;
    }

    /**
     * Rekindle's measure against two bare ones (the yardstick and the journey's engine shape): two figures
     * sharing Rekindle's value; Rekindle first, or last, alternating from round to round.
     */
    private void threeWay(boolean rekindleFirst, Measure rekindle, Figure minimal, Measure bareMinimal, Figure shaped,
            Measure bareShaped) throws Exception {
        if (rekindleFirst) {
            double r = rekindle.run();
            String load = lastLoad;
            minimal.bare(bareMinimal.run());
            shaped.bare(bareShaped.run());
            minimal.rekindle(r, load);
            shaped.rekindle(r, load);
        } else {
            shaped.bare(bareShaped.run());
            minimal.bare(bareMinimal.run());
            double r = rekindle.run();
            minimal.rekindle(r, lastLoad);
            shaped.rekindle(r, lastLoad);
        }
    }

    /** One figure on both sides, the first side alternating from round to round. */
    private void pair(boolean rekindleFirst, String name, Measure rekindle, Measure bareSide) throws Exception {
        Figure figure = figure(name);
        if (rekindleFirst) {
            figure.rekindle(rekindle.run(), lastLoad);
            figure.bare(bareSide.run());
        } else {
            double b = bareSide.run();
            figure.rekindle(rekindle.run(), lastLoad);
            figure.bare(b);
        }
    }

    /**
     * Operations/s of {@code threads} workers back to back, counted after the warm-up. An operation that answers false
     * had nothing left to do (no waiting journey left): the measure ends there.
     */
    private double closedLoop(String what, int threads, BooleanSupplier operation) throws Exception {
        return closedLoop(what, threads, operation, null);
    }

    /**
     * The same; with a {@code backlog} (work the operations left to the job executor, as a count), the measure ends
     * when the loop has ended and that backlog is empty: the rate is the operations counted over that whole time.
     */
    private double closedLoop(String what, int threads, BooleanSupplier operation, LongSupplier backlog)
            throws Exception {
        long start = System.nanoTime();
        long from = start + warmup.toNanos();
        long end = from + measure.toNanos();
        AtomicLong count = new AtomicLong();
        AtomicLong dry = new AtomicLong(Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < Math.min(end, dry.get())) {
                    if (!operation.getAsBoolean()) {
                        dry.accumulateAndGet(System.nanoTime(), Math::min);
                        return null;
                    }
                    long at = System.nanoTime();
                    if (at >= from && at <= Math.min(end, dry.get())) {
                        count.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long stop = Math.min(end, dry.get());
        if (stop <= from) {
            throw new IllegalStateException(what + ": no work left after the warm-up");
        }
        long loopEnd = stop;
        if (backlog != null) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (backlog.getAsLong() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + ": the job executor did not catch up in 5 minutes");
                }
                Thread.sleep(20);
            }
            stop = Math.max(stop, System.nanoTime());
        }
        double rate = count.get() / ((stop - from) / 1e9);
        lastLoad = loadAverage();
        System.out.printf(Locale.ROOT, "  %-46s %9.1f /s%s%s   [load %s]%n", what, rate,
                loopEnd < end ? String.format(Locale.ROOT, " (ran out of waiting journeys after %.1f s)",
                        (loopEnd - from) / 1e9) : "",
                backlog != null ? String.format(Locale.ROOT, " (welcomes written %.1f s after the last request)",
                        (stop - loopEnd) / 1e9) : "", lastLoad);
        return rate;
    }

    private void post(String path, String body, int expected, String expectedInBody) {
        Bench.post(app.baseUrl() + path, body, expected, expectedInBody);
    }

    // ---------------------------------------------------------------- the table

    /** One row of the table: each round's value on each side, and the load average when Rekindle's was taken. */
    private static final class Figure {
        final List<Double> rekindle = new ArrayList<>();
        final List<Double> bare = new ArrayList<>();
        final List<String> loads = new ArrayList<>();

        void rekindle(double value, String load) {
            rekindle.add(value);
            loads.add(load);
        }

        void rekindle(double value) {
            rekindle(value, loadAverage());
        }

        void bare(double value) {
            bare.add(value);
        }
    }

    private Figure figure(String name) {
        return figures.computeIfAbsent(name, n -> new Figure());
    }

    private void print() {
        System.out.printf(Locale.ROOT, "%nSide by side, median (min–max) of %d rounds; base %,d; %d cores%n%n", runs,
                base, Runtime.getRuntime().availableProcessors());
        System.out.println("| path | Rekindle | bare engine | ratio | load average |");
        System.out.println("|---|---:|---:|---:|---:|");
        figures.forEach((name, f) -> {
            String rekindle = cell(f.rekindle);
            String bareCell;
            String ratio;
            if (name.startsWith("event intake p99")) {
                bareCell = String.format(Locale.ROOT, "goal < %.0f ms", P99_GOAL_MILLIS);
                ratio = String.format(Locale.ROOT, "%.2f of goal", median(f.rekindle) / P99_GOAL_MILLIS);
            } else if (name.startsWith("dispatch")) {
                bareCell = String.format(Locale.ROOT, "goal ≥ %.0f", DISPATCH_GOAL);
                ratio = String.format(Locale.ROOT, "%.2f of goal", median(f.rekindle) / DISPATCH_GOAL);
            } else {
                bareCell = cell(f.bare);
                ratio = String.format(Locale.ROOT, "%.2f", median(f.rekindle) / median(f.bare));
            }
            System.out.printf("| %s | %s | %s | %s | %s |%n", name, rekindle, bareCell, ratio,
                    String.join(", ", f.loads));
        });
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    // ---------------------------------------------------------------- plumbing

    private static String random(List<String> list) {
        synchronized (list) {
            if (list.isEmpty()) {
                throw new IllegalStateException("no contact with an ended journey yet");
            }
            return list.get(ThreadLocalRandom.current().nextInt(list.size()));
        }
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static Map<String, String> with(Map<String, String> environment, String key, String value) {
        var copy = new LinkedHashMap<>(environment);
        copy.put(key, value);
        return copy;
    }

    private void close() {
        if (app != null) {
            app.stop();
        }
        if (bare != null) {
            bare.close();
        }
        if (rekindleDb != null) {
            rekindleDb.close();
        }
    }
}
