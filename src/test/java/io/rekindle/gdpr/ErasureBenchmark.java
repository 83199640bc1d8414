package io.rekindle.gdpr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.rekindle.RekindleApplication;
import io.rekindle.support.PostgresDatabase;

import org.camunda.bpm.engine.HistoryService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The erasure benchmark (docs/developers.md, "Benchmarks"): a fresh PostgreSQL database with a base of N contacts
 * (default 1,000,000) and their engine history written by bulk SQL — per contact a finished win-back (business key =
 * contact id) that called a final removal without passing the business key on, a {@code contactId} variable in each,
 * and the channel-selection decision evaluated in the win-back with its inputs and output — plus an outbox message and
 * two events. One contact in {@value #EVERY} has had no activity for 40 months: a candidate. The whole application
 * then erases {@code benchmark.erasures} candidates (default 10,000) {@code benchmark.runs} times (default 3) through
 * {@link GdprErasure#eraseSome} — the code the nightly run's jobs call, a transaction per contact — and prints the
 * time per contact of each run and their median. It checks that the erased contacts' journeys and decisions are
 * gone and the others' are still there, and times, for comparison, the lookup the erasure used before (historic
 * process instances by the value of their {@code contactId} variable).
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -Dbenchmark.main=io.rekindle.gdpr.ErasureBenchmark};
 * {@code -Dbenchmark.contacts=...} sets N.
 */
public final class ErasureBenchmark {

    private static final int EVERY = 33;
    private static final int OLD_LOOKUP_SAMPLE = 5;

    public static void main(String[] args) {
        long contacts = Long.getLong("benchmark.contacts", 1_000_000L);
        int perRun = Integer.getInteger("benchmark.erasures", 10_000);
        int runs = Integer.getInteger("benchmark.runs", 3);
        String database = System.getProperty("benchmark.database", "rekindle_erasure_benchmark");
        String url = PostgresDatabase.fresh(database) + "?reWriteBatchedInserts=true";
        System.out.printf("Erasure benchmark: %,d contacts, %d runs of %,d erasures, PostgreSQL database %s, %d cores%n",
                contacts, runs, perRun, database, Runtime.getRuntime().availableProcessors());

        ConfigurableApplicationContext app = new SpringApplicationBuilder(RekindleApplication.class).run(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                "--rekindle.security.admin-password=" + UUID.randomUUID(),
                "--rekindle.security.link-secret=" + UUID.randomUUID() + UUID.randomUUID(),
                "--rekindle.mail.enabled=false",
                // one chunk of 500 contacts per call, as one job of the nightly run with a zero budget
                "--rekindle.gdpr.chunk-size=500",
                "--rekindle.gdpr.job-budget=PT0S",
                // no timer (classification, erasure) may run in the middle of the measure
                "--camunda.bpm.job-execution.enabled=false",
                "--server.port=0",
                "--logging.level.root=WARN");
        int exit = 0;
        try {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            long start = System.nanoTime();
            generate(jdbc, contacts);
            System.out.printf("generated %,d contacts with their engine history in %.1f s%n", contacts,
                    seconds(start));

            GdprErasure erasure = app.getBean(GdprErasure.class);
            Instant cutoff = erasure.cutoff();
            long after = 0;
            List<Double> millisPerContact = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long from = after;
                long runStart = System.nanoTime();
                int erased = 0;
                while (erased < perRun) {
                    GdprErasure.Progress progress = erasure.eraseSome(cutoff, after, "benchmark-" + run);
                    erased += progress.erased();
                    after = progress.lastContactId();
                    if (progress.failed() > 0) {
                        throw new IllegalStateException(progress.failed() + " erasures failed");
                    }
                    if (progress.finished()) {
                        break;
                    }
                }
                double seconds = seconds(runStart);
                double perContact = seconds * 1000 / erased;
                millisPerContact.add(perContact);
                System.out.printf("run %d: %,d contacts erased in %.1f s: %.2f ms per contact%n", run, erased,
                        seconds, perContact);
                check(jdbc, from, after);
            }
            double oldLookup = oldLookup(app.getBean(HistoryService.class), jdbc);

            List<Double> sorted = millisPerContact.stream().sorted().toList();
            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("| --- | --- |");
            System.out.printf("| contacts in the base / engine history rows | %,d / %,d |%n", contacts,
                    engineRows(jdbc));
            System.out.printf("| erasures per run | %,d |%n", perRun);
            System.out.printf("| time per contact, each run | %s ms |%n", String.join(" / ",
                    millisPerContact.stream().map(ms -> String.format("%.2f", ms)).toList()));
            System.out.printf("| time per contact, median | %.2f ms |%n", sorted.get(sorted.size() / 2));
            System.out.printf("| the former lookup alone (instances by variable value), per contact | %.0f ms |%n",
                    oldLookup);
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            app.close();
        }
        System.exit(exit);
    }

    /** The base, in a few statements; engine rows name the latest deployed versions, as the engine's own would. */
    private static void generate(JdbcClient jdbc, long contacts) {
        jdbc.sql("""
                INSERT INTO contact (external_id, email, phone, first_name, locale, signed_up_at, email_consent,
                                     sms_consent, last_visit_at, created_at, updated_at)
                SELECT 'bench-' || g, 'bench' || g || '@example.com', '+3361' || lpad(g::text, 7, '0'), 'Bench',
                       'fr', now() - INTERVAL '40 months', true, false,
                       CASE WHEN g % ? = 0 THEN NULL ELSE now() - INTERVAL '10 days' END, now(), now()
                FROM generate_series(1, ?) g""").params(EVERY, contacts).update();
        jdbc.sql("""
                INSERT INTO contact_event (contact_id, type, occurred_at, received_at, source_event_id)
                SELECT id, t.type, now() - INTERVAL '41 months', now(), t.type || '-' || id
                FROM contact, (VALUES ('VISIT'), ('EMAIL_OPENED')) AS t(type)""").update();
        jdbc.sql("""
                INSERT INTO outbox_message (idempotency_key, contact_id, channel, template, locale, recipient, subject,
                                            body_text, body_html, journey, process_instance_id, activity_id, status,
                                            created_at, sent_at)
                SELECT 'bench-' || id, id, 'EMAIL', 'winback-miss-you', 'fr', email, 'Bench, vous nous manquez',
                       'Bonjour Bench', '<p>Bonjour Bench</p>', 'inactive-winback', 'benchp' || id,
                       'Task_SendMissYouEmail', 'SENT', now() - INTERVAL '39 months', now() - INTERVAL '39 months'
                FROM contact""").update();
        String winBack = "(SELECT ID_ FROM ACT_RE_PROCDEF WHERE KEY_ = 'inactive-winback' ORDER BY VERSION_ DESC"
                + " LIMIT 1)";
        String removal = "(SELECT ID_ FROM ACT_RE_PROCDEF WHERE KEY_ = 'final-removal' ORDER BY VERSION_ DESC LIMIT 1)";
        String decision = "(SELECT ID_ FROM ACT_RE_DECISION_DEF WHERE KEY_ = 'channel-selection'"
                + " ORDER BY VERSION_ DESC LIMIT 1)";
        jdbc.sql("""
                INSERT INTO ACT_HI_PROCINST (ID_, PROC_INST_ID_, BUSINESS_KEY_, PROC_DEF_KEY_, PROC_DEF_ID_,
                                             START_TIME_, END_TIME_, DURATION_, START_ACT_ID_, END_ACT_ID_,
                                             SUPER_PROCESS_INSTANCE_ID_, ROOT_PROC_INST_ID_, STATE_)
                SELECT 'benchp' || id, 'benchp' || id, id::text, 'inactive-winback', %s, now() - INTERVAL '39 months',
                       now() - INTERVAL '38 months', 0, 'StartEvent_EnteredInactive', 'EndEvent_Removed', NULL,
                       'benchp' || id, 'COMPLETED'
                FROM contact
                UNION ALL
                SELECT 'benchs' || id, 'benchs' || id, NULL, 'final-removal', %s, now() - INTERVAL '38 months',
                       now() - INTERVAL '38 months', 0, 'StartEvent_FinalRemoval', 'EndEvent_Isolated', 'benchp' || id,
                       'benchp' || id, 'COMPLETED'
                FROM contact""".formatted(winBack, removal)).update();
        jdbc.sql("""
                INSERT INTO ACT_HI_VARINST (ID_, PROC_DEF_KEY_, PROC_DEF_ID_, ROOT_PROC_INST_ID_, PROC_INST_ID_,
                                            EXECUTION_ID_, NAME_, VAR_TYPE_, CREATE_TIME_, REV_, LONG_, TEXT_, STATE_)
                SELECT 'v' || ID_, PROC_DEF_KEY_, PROC_DEF_ID_, ROOT_PROC_INST_ID_, ID_, ID_, 'contactId', 'long',
                       START_TIME_, 0, CAST(substr(ID_, 7) AS BIGINT), substr(ID_, 7), 'CREATED'
                FROM ACT_HI_PROCINST WHERE ID_ LIKE 'bench%'""").update();
        jdbc.sql("""
                INSERT INTO ACT_HI_DECINST (ID_, DEC_DEF_ID_, DEC_DEF_KEY_, DEC_DEF_NAME_, PROC_DEF_KEY_, PROC_DEF_ID_,
                                            PROC_INST_ID_, ACT_INST_ID_, ACT_ID_, EVAL_TIME_, ROOT_DEC_INST_ID_,
                                            ROOT_PROC_INST_ID_)
                SELECT 'd' || ID_, %s, 'channel-selection', 'Channel selection', PROC_DEF_KEY_, PROC_DEF_ID_, ID_,
                       'Task_SelectChannel:' || ID_, 'Task_SelectChannel', START_TIME_, 'd' || ID_, ID_
                FROM ACT_HI_PROCINST WHERE ID_ LIKE 'benchp%%'""".formatted(decision)).update();
        jdbc.sql("""
                INSERT INTO ACT_HI_DEC_IN (ID_, DEC_INST_ID_, CLAUSE_ID_, CLAUSE_NAME_, VAR_TYPE_, LONG_, TEXT_,
                                           CREATE_TIME_, ROOT_PROC_INST_ID_)
                SELECT i.clause || d.ID_, d.ID_, i.clause, i.clause, i.type, i.number, i.text, d.EVAL_TIME_,
                       d.ROOT_PROC_INST_ID_
                FROM ACT_HI_DECINST d, (VALUES ('InputExpression_Channel_EmailStatus', 'string', NULL, 'VALID'),
                                               ('InputExpression_Channel_EmailConsent', 'boolean', 1, NULL))
                                       AS i(clause, type, number, text)
                WHERE d.ID_ LIKE 'dbenchp%'""").update();
        jdbc.sql("""
                INSERT INTO ACT_HI_DEC_OUT (ID_, DEC_INST_ID_, CLAUSE_ID_, CLAUSE_NAME_, RULE_ID_, RULE_ORDER_,
                                            VAR_NAME_, VAR_TYPE_, TEXT_, CREATE_TIME_, ROOT_PROC_INST_ID_)
                SELECT 'o' || ID_, ID_, 'Output_Channel', 'channel', 'Rule_Channel_EmailReactive', 3, 'channel',
                       'string', 'EMAIL', EVAL_TIME_, ROOT_PROC_INST_ID_
                FROM ACT_HI_DECINST WHERE ID_ LIKE 'dbenchp%'""").update();
        for (String table : List.of("contact", "contact_event", "outbox_message", "ACT_HI_PROCINST", "ACT_HI_VARINST",
                "ACT_HI_DECINST", "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT")) {
            jdbc.sql("ANALYZE " + table).update();
        }
    }

    /** The run's contacts (ids in (from, to]): candidates erased with all their engine data, the others intact. */
    private static void check(JdbcClient jdbc, long from, long to) {
        String range = " BETWEEN " + (from + 1) + " AND " + to;
        long notErased = jdbc.sql("SELECT COUNT(*) FROM contact WHERE id" + range + " AND id % " + EVERY
                + " = 0 AND erased_at IS NULL").query(Long.class).single();
        String candidates = "(SELECT 'benchp' || id FROM contact WHERE id" + range + " AND id % " + EVERY + " = 0)";
        long engineLeft = jdbc.sql("SELECT (SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ROOT_PROC_INST_ID_ IN "
                + candidates + ") + (SELECT COUNT(*) FROM ACT_HI_VARINST WHERE ROOT_PROC_INST_ID_ IN " + candidates
                + ") + (SELECT COUNT(*) FROM ACT_HI_DECINST WHERE ROOT_PROC_INST_ID_ IN " + candidates
                + ") + (SELECT COUNT(*) FROM ACT_HI_DEC_IN WHERE ROOT_PROC_INST_ID_ IN " + candidates
                + ") + (SELECT COUNT(*) FROM ACT_HI_DEC_OUT WHERE ROOT_PROC_INST_ID_ IN " + candidates + ")")
                .query(Long.class).single();
        String others = "(SELECT 'benchp' || id FROM contact WHERE id" + range + " AND id % " + EVERY + " <> 0)";
        long othersExpected = jdbc.sql("SELECT COUNT(*) FROM contact WHERE id" + range + " AND id % " + EVERY
                + " <> 0").query(Long.class).single() * 8;
        long othersLeft = jdbc.sql("SELECT (SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ROOT_PROC_INST_ID_ IN "
                + others + ") + (SELECT COUNT(*) FROM ACT_HI_VARINST WHERE ROOT_PROC_INST_ID_ IN " + others
                + ") + (SELECT COUNT(*) FROM ACT_HI_DECINST WHERE ROOT_PROC_INST_ID_ IN " + others
                + ") + (SELECT COUNT(*) FROM ACT_HI_DEC_IN WHERE ROOT_PROC_INST_ID_ IN " + others
                + ") + (SELECT COUNT(*) FROM ACT_HI_DEC_OUT WHERE ROOT_PROC_INST_ID_ IN " + others + ")")
                .query(Long.class).single();
        if (notErased != 0 || engineLeft != 0 || othersLeft != othersExpected) {
            throw new IllegalStateException("candidates not erased: " + notErased + ", their engine rows left: "
                    + engineLeft + ", the others' engine rows: " + othersLeft + " of " + othersExpected);
        }
        System.out.printf("  checked: every candidate erased with its journeys and decisions; the others' %,d engine"
                + " rows intact%n", othersLeft);
    }

    /** What the erasure did before, per contact: historic instances by their contactId variable's value. */
    private static double oldLookup(HistoryService history, JdbcClient jdbc) {
        List<Long> sample = jdbc.sql("SELECT id FROM contact WHERE erased_at IS NULL ORDER BY id DESC LIMIT ?")
                .param(OLD_LOOKUP_SAMPLE).query(Long.class).list();
        long start = System.nanoTime();
        for (long id : sample) {
            if (history.createHistoricProcessInstanceQuery().variableValueEquals("contactId", id).list().size() != 2) {
                throw new IllegalStateException("contact " + id + ": expected its two journeys");
            }
        }
        return seconds(start) * 1000 / sample.size();
    }

    private static long engineRows(JdbcClient jdbc) {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM ACT_HI_PROCINST) + (SELECT COUNT(*) FROM ACT_HI_VARINST)"
                + " + (SELECT COUNT(*) FROM ACT_HI_DECINST) + (SELECT COUNT(*) FROM ACT_HI_DEC_IN)"
                + " + (SELECT COUNT(*) FROM ACT_HI_DEC_OUT)").query(Long.class).single();
    }

    private static double seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
    }
}
