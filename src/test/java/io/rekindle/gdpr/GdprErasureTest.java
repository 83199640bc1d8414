package io.rekindle.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * GDPR erasure end to end, over HTTP and the real engine: contacts signed up through the API, journeys
 * moved by their real timers, events posted, then the erasure run. Afterwards every column of every
 * table (ours and the engine's) is read for the erased contact's personal strings. Chunks of 2 contacts
 * and a zero job budget make each engine job one chunk. H2 and PostgreSQL.
 */
@RekindleIntegrationTest(properties = {"rekindle.gdpr.chunk-size=2", "rekindle.gdpr.job-budget=PT0S"})
@ExtendWith(OutputCaptureExtension.class)
@Import(GdprErasureTest.FailingEraserConfiguration.class)
class GdprErasureTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    /** 38 months before now: well past the 36-month period. */
    private static final Instant SIGN_UP = Instant.parse("2023-04-01T10:00:00Z");

    /** Contacts whose erasure a plugged-in eraser makes fail (see {@link FailingEraser}). */
    static final Set<Long> FAIL_FOR = ConcurrentHashMap.newKeySet();

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    io.rekindle.email.EmailDispatcher dispatcher;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    Api api;
    TimeMachine time;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        time = new TimeMachine(management);
        FAIL_FOR.clear();
    }

    @AfterEach
    void resetClock() {
        FAIL_FOR.clear();
        TimeMachine.reset();
    }

    @Test
    void aContactInactiveFor36MonthsIsErasedEverywhereWhileOthersAndTheFiguresStay(CapturedOutput output) {
        time.travelTo(SIGN_UP);
        Person alice = signUp("fr");   // only opens, one of them recent: opens do not save her
        Person bob = signUp("en");     // bought 10 days ago
        Person carol = signUp("fr");   // last click 35 months ago
        time.travelTo(SIGN_UP.plus(Duration.ofDays(30)));
        time.runDueJobs(); // J+30: relaunch 1 for all three, rendered with their names, with offer codes
        dispatcher.dispatchDue(); // delivered: only then can they be opened or clicked
        JsonNode aliceMail = outbox(alice.id).get(0);
        String aliceCode = aliceMail.get("offerCode").asText();
        assertThat(aliceMail.get("subject").asText()).contains(alice.firstName);

        time.travelTo(SIGN_UP.plus(Duration.ofDays(32)));
        event(alice, "EMAIL_OPENED", ",\"messageId\":" + aliceMail.get("id").asLong());
        time.travelTo(SIGN_UP.plus(Duration.ofDays(33)));
        // an old purchase with her offer code and the shop's order number: counts, but is 37 months old
        event(alice, "PURCHASE", ",\"amount\":25.00,\"offerCode\":\"" + aliceCode + "\",\"eventId\":\""
                + alice.orderId + "\"");

        time.travelTo(NOW);
        event(alice, "EMAIL_OPENED", ",\"messageId\":" + aliceMail.get("id").asLong()
                + ",\"occurredAt\":\"" + at(NOW.minus(Duration.ofDays(5))) + "\"");
        event(bob, "PURCHASE", ",\"amount\":42.50,\"eventId\":\"" + bob.orderId + "\",\"occurredAt\":\""
                + at(NOW.minus(Duration.ofDays(10))) + "\"");
        event(carol, "EMAIL_CLICKED", ",\"messageId\":" + outbox(carol.id).get(0).get("id").asLong()
                + ",\"occurredAt\":\"" + at(OffsetDateTime.parse("2023-07-01T10:00:00Z").toInstant()) + "\"");
        // journeys running right now (standing in for a win-back journey), holding personal data in variables,
        // one of them as bytes (ACT_GE_BYTEARRAY)
        // her answer to a satisfaction survey, whose free text names her
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource).sql("""
                INSERT INTO survey_answer (contact_id, survey_process_instance_id, why_no_purchase, ordering_problem,
                                           satisfied_with_last_purchase, free_text, answered_at)
                VALUES (?, ?, 'OTHER', 'NO', 'NEVER_BOUGHT', ?, ?)""")
                .params(alice.id, "survey-" + alice.id, "Write to me at " + alice.email,
                        java.time.OffsetDateTime.parse("2023-09-01T10:00:00Z"))
                .update();
        // her first name corrected over the API: the former one stays in her change history until erased
        Api.Response renamed = api.send("PATCH", "/api/contacts/" + alice.id, "{\"firstName\":\"" + alice.firstName
                + "ia\"}", "application/merge-patch+json", Api.basic(Api.USER, Api.PASSWORD));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(DatabaseScan.find(dataSource, List.of(alice.firstName)).get(alice.firstName))
                .anyMatch(place -> place.equalsIgnoreCase("contact_change.old_value"));
        String aliceJourney = runningJourney(alice);
        String carolJourney = runningJourney(carol);
        // a win-back each that went through the channel-selection decision: decision history in their names
        decidedChannel(alice);
        decidedChannel(carol);

        List<String> aliceMarkers = List.of(alice.email, alice.firstName, alice.phone, alice.externalId,
                alice.orderId, aliceCode);
        List<String> otherMarkers = List.of(bob.email, bob.firstName, bob.phone, bob.externalId, bob.orderId,
                carol.email, carol.firstName, carol.phone, carol.externalId);
        assertThat(DatabaseScan.find(dataSource, aliceMarkers)).as("the scan sees the data before erasure")
                .containsOnlyKeys(aliceMarkers);
        List<String> aliceHistory = historicInstances(alice);
        assertThat(aliceHistory).hasSize(3);
        assertThat(rowsOf("ACT_HI_DECINST", aliceHistory)).as("her decision history").isEqualTo(1);
        assertThat(rowsOf("ACT_HI_DEC_IN", aliceHistory)).as("its inputs").isEqualTo(5);
        assertThat(rowsOf("ACT_HI_DEC_OUT", aliceHistory)).as("its output").isEqualTo(1);
        Map<String, Object> figuresBefore = figures();
        Map<String, Object> bobBefore = everythingAbout(bob);
        Map<String, Object> carolBefore = everythingAbout(carol);

        JsonNode run = runErasure();

        assertThat(run.get("contactsErased").asLong()).isEqualTo(1);
        // nothing of Alice anywhere, in our tables or the engine's
        assertThat(DatabaseScan.find(dataSource, aliceMarkers)).isEmpty();
        assertThat(DatabaseScan.find(dataSource, otherMarkers)).containsOnlyKeys(otherMarkers);
        // the API knows her no more; the row stays, anonymised, for the figures
        assertThat(api.get("/api/contacts/" + alice.id).status()).isEqualTo(404);
        Map<String, Object> erased = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        erased.putAll(jdbc.sql("SELECT external_id, email, first_name, phone, email_consent, purchase_count, revenue"
                + " FROM contact WHERE id = ?").param(alice.id).query().singleRow());
        assertThat(erased.get("external_id")).isEqualTo("erased-" + alice.id);
        assertThat(erased.get("email")).isNull();
        assertThat(erased.get("first_name")).isNull();
        assertThat(erased.get("phone")).isNull();
        assertThat(erased.get("email_consent")).isEqualTo(false);
        assertThat(((Number) erased.get("purchase_count")).intValue()).isEqualTo(1);
        assertThat((java.math.BigDecimal) erased.get("revenue")).isEqualByComparingTo("25.00");
        assertThat(count("contact_change WHERE contact_id = " + alice.id)).as("her change history").isZero();
        assertThat(jdbc.sql("SELECT erased_at FROM contact WHERE id = ?").param(alice.id)
                .query(OffsetDateTime.class).single().toInstant()).isEqualTo(NOW);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(alice.key()).count()).isZero();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(aliceJourney).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(alice.key()).count())
                .isZero();
        for (String table : List.of("ACT_HI_ACTINST", "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_HI_PROCINST",
                "ACT_HI_JOB_LOG", "ACT_HI_OP_LOG", "ACT_RU_EXECUTION", "ACT_RU_VARIABLE", "ACT_RU_JOB",
                "ACT_HI_DECINST", "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT")) {
            assertThat(rowsOf(table, aliceHistory)).as(table).isZero();
        }
        JsonNode erasedMail = outbox(alice.id).get(0);
        assertThat(erasedMail.get("template").asText()).isEqualTo("relaunch-1");
        assertThat(erasedMail.get("subject").isNull()).isTrue();
        assertThat(erasedMail.get("recipient").isNull()).isTrue();

        // the others untouched: their data, their journeys and their history
        assertThat(everythingAbout(bob)).isEqualTo(bobBefore);
        assertThat(everythingAbout(carol)).isEqualTo(carolBefore);
        assertThat(runtime.getVariable(carolJourney, "note")).isEqualTo("Call " + carol.firstName);
        // aggregate figures stay
        assertThat(figures()).isEqualTo(figuresBefore);

        // the log: one row, the contact id only
        assertThat(jdbc.sql("SELECT COUNT(*) FROM erasure_log WHERE contact_id = ?").param(alice.id)
                .query(Long.class).single()).isEqualTo(1);
        JsonNode logged = api.get("/api/gdpr/erasures?limit=1000").json();
        JsonNode entry = null;
        for (JsonNode e : logged) {
            if (e.get("contactId").asLong() == alice.id) {
                entry = e;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("reason").asText()).isEqualTo("NO_OWN_ACTIVITY_P36M");
        assertThat(entry.get("summary").asText()).contains("contact:1").contains("outbox_message:2") // the welcome, relaunch 1
                .contains("journeys:3").contains("contact_change:1");
        assertThat(output.getAll()).contains("Contact " + alice.id + " erased");
        for (String marker : concat(aliceMarkers, otherMarkers)) {
            assertThat(output.getAll()).as("log output").doesNotContainIgnoringCase(marker);
        }
    }

    @Test
    void aSecondRunOnDemandErasesNothingMore() {
        time.travelTo(SIGN_UP);
        Person dan = signUp("en");
        time.travelTo(NOW);

        JsonNode first = runErasure();
        long logged = count("erasure_log");
        JsonNode second = runErasure();

        assertThat(first.get("contactsErased").asLong()).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM erasure_log WHERE contact_id = ?").param(dan.id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(second.get("contactsErased").asLong()).isZero();
        assertThat(count("erasure_log")).isEqualTo(logged);
    }

    @Test
    void aContactWhoseErasureFailsIsLeftWholeAndErasedByTheNextRun() {
        time.travelTo(SIGN_UP);
        Person erin = signUp("fr");
        Person fred = signUp("en");
        time.travelTo(NOW);
        String erinJourney = runningJourney(erin);
        Map<String, Object> erinBefore = everythingAbout(erin);
        FAIL_FOR.add(erin.id);

        JsonNode failed = runErasure();

        assertThat(failed.get("contactsFailed").asLong()).isEqualTo(1);
        assertThat(everythingAbout(erin)).as("nothing of hers erased").isEqualTo(erinBefore);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(erinJourney).count()).isEqualTo(1);
        assertThat(DatabaseScan.find(dataSource, List.of(erin.email, erin.firstName))).hasSize(2);
        assertThat(count("erasure_log WHERE contact_id = " + erin.id)).isZero();
        assertThat(count("erasure_log WHERE contact_id = " + fred.id)).as("the run went on").isEqualTo(1);

        FAIL_FOR.clear();
        runErasure();
        assertThat(count("erasure_log WHERE contact_id = " + erin.id)).isEqualTo(1);
        assertThat(DatabaseScan.find(dataSource, List.of(erin.email, erin.firstName))).isEmpty();
    }

    @Test
    void theErasureApiNeedsCredentialsAndAnswersBadInputWithAProblem() {
        assertThat(api.post("/api/gdpr/erasures", "", "application/json", null).status()).isEqualTo(401);
        assertThat(api.get("/api/gdpr/erasures", null).status()).isEqualTo(401);
        for (String limit : List.of("0", "5000", "abc")) {
            Api.Response refused = api.get("/api/gdpr/erasures?limit=" + limit);
            assertThat(refused.status()).as(limit).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
    }

    /** A feature's eraser plugged in the way every feature plugs in; fails on demand. */
    @TestConfiguration
    static class FailingEraserConfiguration {
        @Bean
        PersonalDataEraser failingEraser() {
            return new FailingEraser();
        }
    }

    @Order(Ordered.LOWEST_PRECEDENCE)
    static class FailingEraser implements PersonalDataEraser {
        @Override
        public String name() {
            return "test_feature";
        }

        @Override
        public int erase(long contactId) {
            if (FAIL_FOR.contains(contactId)) {
                throw new IllegalStateException("test feature cannot erase contact " + contactId);
            }
            return 0;
        }
    }

    private record Person(long id, String externalId, String email, String firstName, String phone, String orderId) {
        String key() {
            return String.valueOf(id);
        }
    }

    private Person signUp(String locale) {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String externalId = "ext-" + tag;
        String email = "mail." + tag + "@marker.example";
        String firstName = Markers.firstName(tag);
        String phone = "+336" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Api.Response response = api.post("/api/contacts", """
                {"externalId":"%s","email":"%s","phone":"%s","firstName":"%s","locale":"%s",
                 "emailConsent":true,"smsConsent":true}""".formatted(externalId, email, phone, firstName, locale));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        time.runDueJobs(); // the welcome leaves at sign-up
        return new Person(response.json().get("id").asLong(), externalId, email, firstName, phone, "order-" + tag);
    }

    private void event(Person person, String type, String more) {
        Api.Response response = api.post("/api/events",
                "{\"contactId\":" + person.id + ",\"type\":\"" + type + "\"" + more + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private String runningJourney(Person person) {
        String id = runtime.startProcessInstanceByKey("new-signup-relaunch", person.key(),
                Map.of("contactId", person.id, "note", "Call " + person.firstName)).getId();
        runtime.setVariable(id, "card", Variables.byteArrayValue(
                ("email=" + person.email + ";phone=" + person.phone).getBytes(StandardCharsets.UTF_8)));
        return id;
    }

    /**
     * A win-back of the person that evaluated the channel-selection decision (hard bounce, no SMS: no channel) and
     * ended there; its decision instance, inputs and output stay in the engine's decision history.
     */
    private void decidedChannel(Person person) {
        var inputs = new HashMap<String, Object>();
        inputs.put("contactId", person.id);
        inputs.put("emailStatus", "HARD_BOUNCE");
        inputs.put("emailConsent", false);
        inputs.put("emailReactivity", null);
        inputs.put("smsConsent", false);
        inputs.put("phoneKnown", false);
        String id = runtime.createProcessInstanceByKey("inactive-winback").businessKey(person.key())
                .setVariables(inputs).startBeforeActivity("Task_SelectChannel").execute().getId();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_NoChannel");
    }

    /** Starts a run over HTTP, runs its jobs, returns its final variables. */
    private JsonNode runErasure() {
        Api.Response started = api.post("/api/gdpr/erasures", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String processInstanceId = started.json().get("processInstanceId").asText();
        for (int i = 0; i < 1000; i++) {
            var jobs = management.createJobQuery().processInstanceId(processInstanceId).executable().list();
            if (jobs.isEmpty()) {
                break;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
        HistoricProcessInstance run = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        assertThat(run.getEndTime()).as("run finished").isNotNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId("EndEvent_ErasureFinished").count()).isEqualTo(1);
        var result = new com.fasterxml.jackson.databind.node.ObjectNode(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
        history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list()
                .forEach(v -> result.put(v.getName(), String.valueOf(v.getValue())));
        return result;
    }

    private JsonNode outbox(long contactId) {
        return api.get("/api/outbox?contactId=" + contactId).json();
    }

    private List<String> historicInstances(Person person) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(person.key()).list().stream()
                .map(HistoricProcessInstance::getId).toList();
    }

    /** The contact's rows in our tables and its journeys with their history, as plain values. */
    private Map<String, Object> everythingAbout(Person person) {
        Map<String, Object> all = new HashMap<>();
        all.put("contact", jdbc.sql("SELECT * FROM contact WHERE id = ?").param(person.id).query().listOfRows());
        for (String table : List.of("contact_event", "outbox_message", "offer")) {
            all.put(table, jdbc.sql("SELECT * FROM " + table + " WHERE contact_id = ? ORDER BY id").param(person.id)
                    .query().listOfRows());
        }
        List<String> instances = historicInstances(person);
        all.put("running", runtime.createProcessInstanceQuery().processInstanceBusinessKey(person.key()).list()
                .stream().map(p -> p.getId()).sorted().toList());
        all.put("history", instances.stream().sorted().toList());
        for (String table : List.of("ACT_HI_ACTINST", "ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_RU_VARIABLE",
                "ACT_HI_DECINST", "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT")) {
            all.put(table, rowsOf(table, instances));
        }
        return all;
    }

    private Map<String, Object> figures() {
        return Map.of(
                "contacts", count("contact"),
                "events", count("contact_event"),
                "purchases", count("contact_event WHERE type = 'PURCHASE'"),
                "amounts", jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM contact_event WHERE type = 'PURCHASE'")
                        .query(java.math.BigDecimal.class).single().stripTrailingZeros(),
                "revenue", jdbc.sql("SELECT SUM(revenue) FROM contact").query(java.math.BigDecimal.class).single()
                        .stripTrailingZeros(),
                "messages", count("outbox_message"),
                "offers", count("offer"),
                "redeemed", count("offer WHERE redeemed_at IS NOT NULL"));
    }

    private long rowsOf(String engineTable, List<String> processInstanceIds) {
        if (processInstanceIds.isEmpty()) {
            return 0;
        }
        String in = String.join(",", processInstanceIds.stream().map(id -> "'" + id + "'").toList());
        String column = engineTable.equals("ACT_HI_JOB_LOG") || engineTable.equals("ACT_RU_JOB")
                ? "PROCESS_INSTANCE_ID_"
                : engineTable.startsWith("ACT_HI_DEC_") ? "ROOT_PROC_INST_ID_" : "PROC_INST_ID_";
        return count(engineTable + " WHERE " + column + " IN (" + in + ")");
    }

    private long count(String tableAndWhere) {
        return jdbc.sql("SELECT COUNT(*) FROM " + tableAndWhere).query(Long.class).single();
    }

    private static String at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
