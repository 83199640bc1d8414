package io.rekindle.classification;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.rekindle.RekindleApplication;
import io.rekindle.support.PostgresDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The classification benchmark (docs/developers.md, "Benchmarks"): a fresh PostgreSQL database with N synthetic contacts,
 * the whole application on it, two full daily runs through the real process and job executor (the first one
 * classifies everybody for the first time, the second is a normal day where little changes), then the bare
 * Camunda DMN engine and our compiled path on the same contacts' inputs.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify}; {@code -Dbenchmark.contacts=...} sets N (default 1,000,000).
 * The profile forks a JVM with {@code -Xmx512m}: finishing at all proves the run's memory is bounded.
 */
public final class ClassificationBenchmark {

    private static final int ENGINE_SAMPLE = 6_000;
    private static final int ENGINE_WARM_UP = 1_000;

    public static void main(String[] args) throws Exception {
        long contacts = Long.getLong("benchmark.contacts", 1_000_000L);
        String database = System.getProperty("benchmark.database", "rekindle_benchmark");
        String url = PostgresDatabase.fresh(database) + "?reWriteBatchedInserts=true";
        System.out.printf("Classification benchmark: %,d contacts, PostgreSQL database %s, max heap %d MB, %d cores%n",
                contacts, database, Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Runtime.getRuntime().availableProcessors());

        ConfigurableApplicationContext app = new SpringApplicationBuilder(RekindleApplication.class).run(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                "--rekindle.security.admin-password=" + UUID.randomUUID(),
                "--rekindle.security.link-secret=" + UUID.randomUUID() + UUID.randomUUID(),
                "--rekindle.mail.enabled=false",
                "--server.port=0",
                "--logging.level.root=WARN",
                "--logging.level.io.rekindle.classification=INFO");
        int exit = 0;
        try {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            long start = System.nanoTime();
            generate(jdbc, contacts);
            System.out.printf("generated %,d contacts in %.1f s%n", contacts, seconds(start));

            ClassificationProcess.ClassificationStarter starter = app.getBean(
                    ClassificationProcess.ClassificationStarter.class);
            ClassificationRuns runs = app.getBean(ClassificationRuns.class);
            Result first = run(starter, runs, "first run (every contact classified for the first time)");
            Result second = run(starter, runs, "second run (a normal day: nothing changed)");

            Rates rates = rates(app.getBean(ClassificationRepository.class), app.getBean(DeployedDecisions.class));
            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("| --- | --- |");
            System.out.printf("| contacts | %,d |%n", contacts);
            System.out.printf("| first run: wall time / contacts/s / changed | %.1f s / %,.0f / %,d |%n",
                    first.seconds, contacts / first.seconds, first.run.contactsChanged());
            System.out.printf("| second run: wall time / contacts/s / changed | %.1f s / %,.0f / %,d |%n",
                    second.seconds, contacts / second.seconds, second.run.contactsChanged());
            System.out.printf("| peak heap used (sampled every 50 ms) / max heap | %d MB / %d MB |%n",
                    Math.max(first.peakHeapMb, second.peakHeapMb), Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf("| bare Camunda DMN engine, 1 thread, same inputs | %,.0f evaluations/s |%n", rates.engine);
            System.out.printf("| compiled path, 1 thread, same inputs | %,.0f evaluations/s |%n", rates.compiled);
            System.out.printf("| first run vs. one engine call per contact on every core | x%.1f |%n",
                    (contacts / first.seconds) / (rates.engine * Runtime.getRuntime().availableProcessors()));
            System.out.printf("| naive time for these contacts (engine, every core) | %.0f s |%n",
                    contacts / (rates.engine * Runtime.getRuntime().availableProcessors()));
            System.out.printf("| segments after the run | %s |%n", second.run.segmentCounts());
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            app.close();
        }
        System.exit(exit);
    }

    /**
     * A realistic mix in one statement: sign-ups spread over five years, 60 % buyers, 70 % visitors, two thirds
     * opening emails (some also clicking), a few bounced addresses, loyalty points for half the base.
     */
    private static void generate(JdbcClient jdbc, long contacts) {
        jdbc.sql("""
                INSERT INTO contact (external_id, email, first_name, locale, signed_up_at, email_consent, sms_consent,
                                     email_status, last_purchase_at, last_visit_at, last_email_open_at,
                                     last_email_click_at, purchase_count, revenue, loyalty_points_change, created_at,
                                     updated_at)
                SELECT 'bench-' || g, 'bench' || g || '@example.com', 'Bench', CASE WHEN g % 5 = 0 THEN 'en' ELSE 'fr' END,
                       now() - make_interval(days => age), r5 < 0.9, r5 < 0.3,
                       CASE WHEN r6 < 0.03 THEN 'HARD_BOUNCE' WHEN r6 < 0.07 THEN 'SOFT_BOUNCE' ELSE 'VALID' END,
                       CASE WHEN r1 < 0.6 THEN now() - make_interval(days => floor(random() * (age + 1))::int) END,
                       CASE WHEN r2 < 0.7 THEN now() - make_interval(days => floor(random() * (age + 1))::int) END,
                       CASE WHEN r3 < 0.65 THEN now() - make_interval(days => floor(random() * (least(age, 500) + 1))::int) END,
                       CASE WHEN r3 < 0.25 THEN now() - make_interval(days => floor(random() * (least(age, 900) + 1))::int) END,
                       CASE WHEN r1 < 0.6 THEN 1 + floor(random() * 12)::int ELSE 0 END,
                       CASE WHEN r1 < 0.6 THEN round((20 + random() * 600)::numeric, 2) ELSE 0 END,
                       CASE WHEN r4 < 0.5 THEN floor(random() * 400 - 200)::int END,
                       now(), now()
                FROM (SELECT g, floor(random() * 1800)::int AS age, random() AS r1, random() AS r2, random() AS r3,
                             random() AS r4, random() AS r5, random() AS r6
                      FROM generate_series(1, ?) g) AS base""")
                .param(contacts).update();
        jdbc.sql("ANALYZE contact").update();
    }

    private record Result(ClassificationRun run, double seconds, long peakHeapMb) {
    }

    private static Result run(ClassificationProcess.ClassificationStarter starter, ClassificationRuns runs,
            String label) throws InterruptedException {
        HeapSampler heap = new HeapSampler();
        heap.start();
        long start = System.nanoTime();
        long id = starter.start();
        ClassificationRun run = runs.run(id).orElseThrow();
        while (!"FINISHED".equals(run.status())) {
            if ("FAILED".equals(run.status())) {
                throw new IllegalStateException("run " + id + " failed");
            }
            Thread.sleep(50);
            run = runs.run(id).orElseThrow();
        }
        double seconds = seconds(start);
        heap.interrupt();
        heap.join();
        System.out.printf("%s: %,d contacts in %.1f s (%,.0f contacts/s), %,d changed, peak heap %d MB%n", label,
                run.contactsDone(), seconds, run.contactsDone() / seconds, run.contactsChanged(), heap.peakMb());
        return new Result(run, seconds, heap.peakMb());
    }

    private record Rates(double engine, double compiled) {
    }

    /** Both paths, one thread each, on the inputs of the base's first contacts as the last run saw them. */
    private static Rates rates(ClassificationRepository repository, DeployedDecisions decisions) {
        Instant reference = Instant.now();
        List<Object[]> inputs = repository.chunk(0, ENGINE_SAMPLE + ENGINE_WARM_UP, reference).stream()
                .map(contact -> ClassificationEvaluator.values(contact.input(reference))).toList();
        DecisionEvaluator decision = decisions.evaluator(decisions.latest().definitionId()).decision();
        List<Object[]> warmUp = inputs.subList(0, ENGINE_WARM_UP);
        List<Object[]> measured = inputs.subList(ENGINE_WARM_UP, inputs.size());
        double engine = rate(warmUp, measured, 1, values -> decision.evaluateWithEngine(values));
        double compiled = rate(inputs, inputs, 200, values -> decision.evaluateCompiled(values).orElseThrow());
        return new Rates(engine, compiled);
    }

    private static double rate(List<Object[]> warmUp, List<Object[]> measured, int rounds,
            java.util.function.Function<Object[], Object> path) {
        Object sink = null;
        for (Object[] values : warmUp) {
            sink = path.apply(values);
        }
        long start = System.nanoTime();
        long evaluations = 0;
        for (int round = 0; round < rounds; round++) {
            for (Object[] values : measured) {
                sink = path.apply(values);
                evaluations++;
            }
        }
        double seconds = Math.max(1e-6, (System.nanoTime() - start) / 1e9);
        if (sink == null) {
            throw new IllegalStateException("no evaluation");
        }
        return evaluations / seconds;
    }

    private static double seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
    }

    /** Samples the used heap, since the pools' own peaks add up maxima reached at different moments. */
    private static final class HeapSampler extends Thread {

        private final AtomicLong peak = new AtomicLong();

        HeapSampler() {
            setDaemon(true);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
        }

        @Override
        public void run() {
            Runtime runtime = Runtime.getRuntime();
            while (!isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peakMb() {
            return peak.get() / (1024 * 1024);
        }
    }
}
