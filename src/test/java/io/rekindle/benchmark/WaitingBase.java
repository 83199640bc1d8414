package io.rekindle.benchmark;

import static io.rekindle.benchmark.Bench.seconds;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

import javax.sql.DataSource;

import io.rekindle.engine.BareEngine;

/**
 * The side-by-side benchmark's base ({@code benchmark.base}): that many journeys waiting at their J+30 timer on each
 * side, made in minutes rather than hours. Each side starts one real journey the way the benchmark starts any
 * (Rekindle: a sign-up over the API; bare: a start), and {@link JourneyCopies} copies it in SQL, in chunks of
 * {@value #CHUNK}; on Rekindle's side each copy gets its own contact row (a copy of the template's with its own id,
 * external id and email), whose id is the journey's business key and {@code contactId} variable.
 *
 * <p>Then the base is checked on each side, through the engine: a PURCHASE for a few copies (Rekindle:
 * {@code POST /api/events}; bare: the correlation) must reach exactly one journey and end it, and the timers of a few
 * others, made due, must fire and write their row (Rekindle: the relaunch outbox row; bare: its row). Anything else
 * fails the run before any measure.
 */
final class WaitingBase {

    private static final int CHUNK = 50_000;
    private static final Duration FIRE_TIMEOUT = Duration.ofSeconds(240);

    private final DataSource rekindleDb;
    private final BareEngine bare;
    private final String baseUrl;
    private final String externalIdPrefix;

    WaitingBase(DataSource rekindleDb, BareEngine bare, String baseUrl, String runId) {
        this.rekindleDb = rekindleDb;
        this.bare = bare;
        this.baseUrl = baseUrl;
        this.externalIdPrefix = "base-" + runId + "-";
    }

    /** {@code size} waiting journeys on each side (the template and {@code size - 1} copies), checked. */
    void build(int size) throws Exception {
        if (size < 20) {
            throw new IllegalArgumentException("benchmark.base: 0, or at least 20 (a sample of it is checked)");
        }
        long copies = size - 1;
        // the two sides at once: each is one PostgreSQL session, and there are two cores
        ExecutorService sides = Executors.newFixedThreadPool(2);
        long contactId;
        try {
            Future<Long> rekindle = sides.submit(() -> rekindle(copies));
            Future<?> bareSide = sides.submit(() -> {
                bare(copies);
                return null;
            });
            contactId = rekindle.get();
            bareSide.get();
        } finally {
            sides.shutdown();
        }
        checkPurchases(contactId, List.of(1L, copies / 2, copies));
        checkTimers(contactId, List.of(2L, copies / 3, copies - 1));
    }

    // ---------------------------------------------------------------- Rekindle

    /** The template's contact id: copy {@code n}'s contact id is this + n. */
    private long rekindle(long copies) throws Exception {
        String externalId = externalIdPrefix + "0";
        Bench.post(baseUrl + "/api/contacts", "{\"externalId\":\"" + externalId + "\",\"email\":\"" + externalId
                + "@example.com\",\"firstName\":\"Bench\",\"locale\":\"fr\",\"emailConsent\":true,"
                + "\"smsConsent\":false}", 201, null);
        long contactId = Long.parseLong(one(rekindleDb, "SELECT id::text FROM contact WHERE external_id = ?",
                externalId));
        // the template waits for J+30 once its welcome has left (a job of its own): copy it there
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (BareEngine.count(rekindleDb, "SELECT count(*) FROM act_ru_job j JOIN act_ru_execution e"
                + " ON e.id_ = j.process_instance_id_ WHERE e.business_key_ = '" + contactId + "' AND j.handler_cfg_"
                + " LIKE '" + Bench.TIMER + "%'") == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the template journey never reached " + Bench.TIMER);
            }
            Thread.sleep(200);
        }
        if (BareEngine.count(rekindleDb, "SELECT count(*) FROM contact WHERE id > " + contactId) > 0) {
            throw new IllegalStateException("contacts after the template: its copies' ids would collide");
        }
        String copyId = "(" + contactId + " + g.n)";
        var journeys = new JourneyCopies(rekindleDb, instance(rekindleDb, String.valueOf(contactId)),
                copyId + "::text", Map.of("contactId", new JourneyCopies.Variable(copyId + "::text", copyId)));
        String contacts = contactCopies(contactId, copyId);
        copy("Rekindle", journeys, copies, List.of("contact"), (c, from, to) -> {
            try (var insert = c.prepareStatement(contacts)) {
                insert.setLong(1, from);
                insert.setLong(2, to);
                insert.executeUpdate();
            }
        });
        // sign-ups after the base take the ids after the copies'
        BareEngine.count(rekindleDb, "SELECT setval(pg_get_serial_sequence('contact', 'id'), max(id)) FROM contact");
        return contactId;
    }

    /** The template's contact row with the copy's id, external id and email; every other column as it is. */
    private String contactCopies(long templateId, String copyId) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (Connection c = rekindleDb.getConnection(); var s = c.prepareStatement("SELECT column_name FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND table_name = 'contact'"
                + " ORDER BY ordinal_position"); var rs = s.executeQuery()) {
            while (rs.next()) {
                String column = rs.getString(1);
                columns.add(column);
                values.add(switch (column) {
                    case "id" -> copyId;
                    case "external_id" -> JourneyCopies.literal(externalIdPrefix) + " || g.n";
                    case "email" -> JourneyCopies.literal(externalIdPrefix) + " || g.n || '@example.com'";
                    default -> "t." + column;
                });
            }
        }
        return "INSERT INTO contact (" + String.join(", ", columns) + ") SELECT " + String.join(", ", values)
                + " FROM contact t, generate_series(?::bigint, ?::bigint) g(n) WHERE t.id = " + templateId;
    }

    // ---------------------------------------------------------------- bare

    private void bare(long copies) throws Exception {
        bare.start(bareKey(0), 0, bareKey(0) + "@example.com");
        var journeys = new JourneyCopies(bare.dataSource(), instance(bare.dataSource(), bareKey(0)),
                "'base-' || g.n", Map.of("contactId", new JourneyCopies.Variable("g.n::text", "g.n"),
                        "email", new JourneyCopies.Variable("'base-' || g.n || '@example.com'", null)));
        copy("bare", journeys, copies, List.of(), (c, from, to) -> { });
    }

    private static String bareKey(long n) {
        return "base-" + n;
    }

    // ---------------------------------------------------------------- copying

    /** {@code copies} copies in chunks, each chunk one transaction (with {@code alongside}'s rows). */
    private static void copy(String side, JourneyCopies journeys, long copies, List<String> alsoWritten,
            JourneyCopies.Alongside alongside) throws SQLException {
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "base, %s: the template journey has rows in %s; copying it %,d times%n", side,
                journeys.rowsPerJourney(), copies);
        journeys.copyAll(copies, CHUNK, alsoWritten, alongside, to -> {
            if (to % 200_000 == 0 || to == copies) {
                System.out.printf(Locale.ROOT, "  %s: %,d copies in %.1f s%n", side, to, seconds(start));
            }
        });
        System.out.printf(Locale.ROOT, "  %s: %,d copies and their indexes in %.1f s%n", side, copies,
                seconds(start));
    }

    // ---------------------------------------------------------------- the checks

    /** A PURCHASE for each of these copies reaches exactly one journey, and ends it, on each side. */
    private void checkPurchases(long contactId, List<Long> copies) {
        for (long n : copies) {
            Bench.post(baseUrl + "/api/events", "{\"externalId\":\"" + externalIdPrefix + n + "\",\"type\":\"PURCHASE\","
                    + "\"amount\":49.90,\"eventId\":\"base-check-" + n + "\"}", 202, "\"correlatedJourneys\":1,");
            ended(rekindleDb, String.valueOf(contactId + n));
            int reached = bare.purchase(bareKey(n));
            if (reached != 1) {
                throw new AssertionError("base check: the purchase of bare copy " + n + " reached " + reached);
            }
            ended(bare.dataSource(), bareKey(n));
        }
        System.out.printf("base check: a purchase reached and ended exactly one journey of copies %s, on each side%n",
                copies);
    }

    private static void ended(DataSource db, String businessKey) {
        long running = BareEngine.count(db, "SELECT count(*) FROM act_ru_execution WHERE business_key_ = "
                + JourneyCopies.literal(businessKey));
        long completed = BareEngine.count(db, "SELECT count(*) FROM act_hi_procinst WHERE business_key_ = "
                + JourneyCopies.literal(businessKey) + " AND state_ = 'COMPLETED' AND end_time_ IS NOT NULL");
        if (running != 0 || completed != 1) {
            throw new AssertionError("base check: after its purchase, journey " + businessKey + " has " + running
                    + " executions and " + completed + " completed history rows (expected 0 and 1)");
        }
    }

    /** The timers of these copies, made due, fire and write their row, on each side. */
    private void checkTimers(long contactId, List<Long> copies) throws Exception {
        long start = System.nanoTime();
        List<String> rekindle = instances(rekindleDb, copies, n -> String.valueOf(contactId + n));
        List<String> bareOnes = instances(bare.dataSource(), copies, WaitingBase::bareKey);
        expectDue(BareEngine.makeDue(rekindleDb, rekindle), copies.size());
        expectDue(bare.makeDue(bareOnes), copies.size());
        awaitRows(rekindleDb, "SELECT count(*) FROM outbox_message WHERE activity_id = 'Task_SendRelaunch1'"
                + " AND process_instance_id IN " + in(rekindle), copies.size(), "Rekindle relaunch rows");
        awaitRows(bare.dataSource(), "SELECT count(*) FROM bare_outbox WHERE process_instance_id IN " + in(bareOnes),
                copies.size(), "bare rows");
        System.out.printf(Locale.ROOT, "base check: the timers of copies %s fired and wrote their rows on each side"
                + " (%.1f s)%n", copies, seconds(start));
    }

    private static void expectDue(int due, int expected) {
        if (due != expected) {
            throw new AssertionError("base check: " + due + " timers made due, not " + expected);
        }
    }

    private static void awaitRows(DataSource db, String sql, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + FIRE_TIMEOUT.toNanos();
        long rows;
        while ((rows = BareEngine.count(db, sql)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("base check: " + rows + " of " + expected + " " + what + " after "
                        + FIRE_TIMEOUT.toSeconds() + " s: the copied timers did not fire");
            }
            Thread.sleep(200);
        }
    }

    private static List<String> instances(DataSource db, List<Long> copies, LongFunction<String> businessKey)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        for (long n : copies) {
            ids.add(instance(db, businessKey.apply(n)));
        }
        return ids;
    }

    /** The one waiting process instance of {@code businessKey}. */
    private static String instance(DataSource db, String businessKey) throws SQLException {
        return one(db, "SELECT id_ FROM act_ru_execution WHERE business_key_ = ? AND parent_id_ IS NULL",
                businessKey);
    }

    private static String one(DataSource db, String sql, String parameter) throws SQLException {
        try (Connection c = db.getConnection()) {
            List<String> values = JourneyCopies.strings(c, sql, parameter);
            if (values.size() != 1) {
                throw new AssertionError("expected one row for " + parameter + ", found " + values.size());
            }
            return values.get(0);
        }
    }

    private static String in(List<String> values) {
        return values.stream().map(JourneyCopies::literal).collect(java.util.stream.Collectors.joining(",", "(", ")"));
    }
}
