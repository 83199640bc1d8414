package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;

import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.email.EmailDispatcher;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.journey.Journeys;
import io.rekindle.offer.OfferService;
import io.rekindle.outbox.MessageStatus;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.support.OverHttp;
import io.rekindle.support.RekindleIntegrationTest;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The holdouts on the real engine, CRM, outbox and SMTP server (GreenMail): a win-back holdout walks the same path as
 * a treated contact and receives nothing; the global control group receives no marketing but the farewell. The
 * win-back's holdout is set up under the key an environment variable binds ({@code inactivewinback}). D = the day the
 * daily classification found the contacts INACTIVE.
 */
@RekindleIntegrationTest(properties = {"rekindle.experiments.global-control.share=25",
    "rekindle.experiments.holdout.inactivewinback.share=40"})
class HoldoutJourneysTest extends OverHttp {

    private static final Instant D = Instant.parse("2026-06-01T05:00:00Z");
    /** The same function as the app's, written out: any node computes these arms. */
    private static final Assignment GLOBAL = new Assignment("global-control",
            List.of(new Arm("control", 2500), new Arm("treated", 7500)));
    private static final Assignment WINBACK = new Assignment("holdout:inactive-winback",
            List.of(new Arm("holdout", 4000), new Arm("treated", 6000)));

    @Autowired
    ContactService contacts;
    @Autowired
    EventIntake events;
    @Autowired
    OutboxService outbox;
    @Autowired
    OfferService offers;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    org.camunda.bpm.engine.RepositoryService repository;

    @Override
    protected Instant start() {
        return D.minus(Duration.ofDays(400));
    }

    @BeforeEach
    void noDailyRun() {
        // the daily classification would start win-backs of its own while these tests travel through the days
        management.suspendJobDefinitionByProcessDefinitionKey("daily-classification", true);
    }

    @AfterEach
    void stopJourneys() {
        runtime.createProcessInstanceQuery().list()
                .forEach(p -> runtime.deleteProcessInstanceIfExists(p.getId(), "test over", true, true, true, true));
        management.activateJobDefinitionByProcessDefinitionKey("daily-classification", true);
    }

    @Test
    void aWinBackHoldoutFollowsTheTreatedPathDayForDayAndReceivesNothing() throws Exception {
        Contact held = contact(id -> GLOBAL.armFor(id).equals("treated") && WINBACK.armFor(id).equals("holdout"));
        Contact treated = contact(id -> GLOBAL.armFor(id).equals("treated") && WINBACK.armFor(id).equals("treated"));
        time.travelTo(D);

        ProcessInstance heldWinBack = enteredSegment(held);
        ProcessInstance treatedWinBack = enteredSegment(treated);
        // Cockpit shows the arm from the start
        assertThat(runtime.getVariable(heldWinBack.getId(), Holdouts.VAR_ARM)).isEqualTo("holdout");
        assertThat(runtime.getVariable(treatedWinBack.getId(), Holdouts.VAR_ARM)).isEqualTo("treated");
        assertThat(runtime.getVariable(heldWinBack.getId(), Holdouts.VAR_GLOBAL_ARM)).isEqualTo("treated");
        time.runDueJobs();
        dispatcher.drainDue();

        afterDays(14); // no reaction: the survey (a journey the win-back calls: it inherits the arm)
        assertThat(runtime.createProcessInstanceQuery().superProcessInstanceId(heldWinBack.getId()).list())
                .singleElement().satisfies(survey -> assertThat(runtime.getVariable(survey.getId(),
                        Holdouts.VAR_ARM)).isEqualTo("holdout"));
        afterDays(3);
        post(held, EventType.PURCHASE, new BigDecimal("20.00"));
        post(treated, EventType.PURCHASE, new BigDecimal("20.00"));
        time.runDueJobs();
        dispatcher.drainDue();

        // same timers, same decisions: the same steps at the same moments
        assertThat(path(heldWinBack)).isEqualTo(path(treatedWinBack)).contains(
                "Task_SendMissYouEmail at 2026-06-01T05:00:00Z", "CallActivity_Survey at 2026-06-15T05:00:00Z",
                "CallActivity_WelcomeBack at 2026-06-18T05:00:00Z");
        List<OutboxMessage> treatedRows = outbox.find(treated.id(), null, 50);
        assertThat(treatedRows).extracting(OutboxMessage::template)
                .containsExactlyInAnyOrder("winback-miss-you", "survey-invitation", "welcome-back");
        assertThat(treatedRows).extracting(OutboxMessage::status).containsOnly(MessageStatus.SENT);
        // the holdout's rows say what it would have received, and why it did not
        List<OutboxMessage> heldRows = outbox.find(held.id(), null, 50);
        assertThat(heldRows).extracting(OutboxMessage::template)
                .containsExactlyInAnyOrderElementsOf(treatedRows.stream().map(OutboxMessage::template).toList());
        assertThat(heldRows).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.SKIPPED);
            assertThat(m.skipReason()).isEqualTo("HOLDOUT");
            assertThat(m.offerCode()).isNull();
        });
        assertThat(offers.ofContact(held.id())).as("no offer minted for a holdout").isEmpty();
        assertThat(offers.ofContact(treated.id())).isNotEmpty();
        assertThat(received(held)).isEmpty();
        assertThat(received(treated)).hasSize(3);

        // recorded with the contact, shown by the contact API
        JsonNode groups = api.get("/api/contacts/" + held.id()).json().get("experiments");
        assertThat(groups).anySatisfy(g -> {
            assertThat(g.get("experiment").asText()).isEqualTo("holdout:inactive-winback");
            assertThat(g.get("arm").asText()).isEqualTo("holdout");
            assertThat(g.get("recorded").asBoolean()).isTrue();
        });
        assertThat(groups).anySatisfy(g -> {
            assertThat(g.get("experiment").asText()).isEqualTo("global-control");
            assertThat(g.get("arm").asText()).isEqualTo("treated");
        });
        // and in the person's export
        assertThat(api.get("/api/contacts/" + held.id() + "/export").json().get("experiments")
                .findValuesAsText("arm")).containsExactly("treated", "holdout");
    }

    @Test
    void theGlobalControlGroupGetsNoMarketingButTheFarewell() throws Exception {
        Contact control = contact(id -> GLOBAL.armFor(id).equals("control"));
        time.travelTo(D);

        ProcessInstance winBack = enteredSegment(control);
        assertThat(runtime.getVariable(winBack.getId(), Holdouts.VAR_GLOBAL_ARM)).isEqualTo("control");
        time.runDueJobs();
        afterDays(14);
        afterDays(14); // no answer to the survey: the final removal says goodbye
        dispatcher.drainDue();

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(winBack.getId()).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_Removed");
        List<OutboxMessage> rows = outbox.find(control.id(), null, 50);
        assertThat(rows).filteredOn(m -> !m.template().equals("farewell")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.SKIPPED);
            assertThat(m.skipReason()).isEqualTo("CONTROL_GROUP");
        });
        assertThat(rows).filteredOn(m -> m.template().equals("farewell")).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(MessageStatus.SENT));
        assertThat(received(control)).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).contains("toujours une place"));
    }

    /**
     * The dashboard's experiments (GET /api/kpis/journeys) show the holdouts next to the variant experiments, with
     * the experiment API's own figures: the global control group under every journey, a journey's holdout under its
     * own only.
     */
    @Test
    void theDashboardShowsBothHoldoutsWithTheExperimentApisFigures() throws Exception {
        Contact held = contact(id -> GLOBAL.armFor(id).equals("treated") && WINBACK.armFor(id).equals("holdout"));
        Contact control = contact(id -> GLOBAL.armFor(id).equals("control"));
        time.travelTo(D);
        enteredSegment(held);
        enteredSegment(control);
        time.runDueJobs();

        com.fasterxml.jackson.databind.JsonNode lines = api.get("/api/kpis/journeys?journey=inactive-winback").json()
                .get("experiments");
        for (String id : List.of("global-control", "holdout:inactive-winback")) {
            com.fasterxml.jackson.databind.JsonNode result = api.get("/api/experiments/" + id).json();
            for (com.fasterxml.jackson.databind.JsonNode arm : result.get("arms")) {
                assertThat(lines).as(id + " " + arm.get("arm")).filteredOn(l -> l.get("experiment").asText()
                        .equals(id) && l.get("variant").asText().equals(arm.get("arm").asText())).singleElement()
                        .satisfies(l -> {
                            assertThat(l.get("contacts").asLong()).isEqualTo(arm.get("contacts").asLong());
                            assertThat(l.get("control").asBoolean()).isEqualTo(arm.get("control").asBoolean());
                            assertThat(l.get("status").asText()).isEqualTo("RUNNING");
                        });
            }
        }
        assertThat(lines).filteredOn(l -> l.get("experiment").asText().equals("holdout:inactive-winback")
                && l.get("variant").asText().equals("holdout")).singleElement()
                .satisfies(l -> assertThat(l.get("contacts").asLong()).isPositive());
        assertThat(lines).filteredOn(l -> l.get("experiment").asText().equals("global-control")).allSatisfy(l -> {
            assertThat(l.get("journey").isNull()).as("it spans every journey").isTrue();
            assertThat(l.get("name").asText()).isEqualTo("Global control group");
        });
        com.fasterxml.jackson.databind.JsonNode relaunch = api.get("/api/kpis/journeys?journey=new-signup-relaunch")
                .json().get("experiments");
        assertThat(relaunch).extracting(l -> l.get("experiment").asText()).contains("global-control")
                .doesNotContain("holdout:inactive-winback");
    }

    @Test
    void aRowWrittenBeforeTheContactWasHeldBackIsStoppedAtDispatch() throws Exception {
        Contact control = contact(id -> GLOBAL.armFor(id).equals("control"));
        // a row the journey wrote before the group was on: the contact's arm is what the dispatcher applies
        jdbc.sql("""
                INSERT INTO outbox_message (idempotency_key, contact_id, channel, template, locale, recipient, subject,
                    body_text, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, 'EMAIL', 'relaunch-1', 'fr', ?, 'Bonjour', 'Bonjour', 'PENDING', 0, ?, ?)""")
                .params("before-" + UUID.randomUUID(), control.id(), control.email(),
                        java.time.OffsetDateTime.parse("2025-01-01T00:00:00Z"),
                        java.time.OffsetDateTime.parse("2025-01-01T00:00:00Z"))
                .update();

        dispatcher.drainDue();

        assertThat(outbox.find(control.id(), null, 50)).filteredOn(m -> m.template().equals("relaunch-1"))
                .extracting(OutboxMessage::skipReason).containsOnly("CONTROL_GROUP");
        assertThat(received(control)).isEmpty();
    }

    @Test
    void aVariantSplitCountsTheContactsSentNothingAsItsHoldoutAndReadsTheArmsAgainstThem() {
        String experiment = VariantExample.deploy(repository, VariantExample.newId(), "A:50,B:50");
        Assignment split = new Assignment("variant:" + experiment, List.of(new Arm("A", 50), new Arm("B", 50)));
        Contact control = contact(id -> GLOBAL.armFor(id).equals("control") && split.armFor(id).equals("B"));
        Contact treated = contact(id -> GLOBAL.armFor(id).equals("treated") && split.armFor(id).equals("B"));

        for (Contact contact : List.of(control, treated)) {
            runtime.createProcessInstanceByKey(experiment).businessKey(String.valueOf(contact.id()))
                    .setVariable(Journeys.VAR_CONTACT_ID, contact.id()).execute();
        }
        time.runDueJobs();

        // both walk B's path; the one in the global control group silently, and is recorded as the holdout
        OutboxMessage silent = outbox.find(control.id(), null, 10).stream()
                .filter(m -> experiment.equals(m.experiment())).findFirst().orElseThrow();
        assertThat(silent.experimentArm()).isEqualTo("B");
        assertThat(silent.status()).isEqualTo(MessageStatus.SKIPPED);
        assertThat(silent.skipReason()).isEqualTo("CONTROL_GROUP");
        assertThat(outbox.find(treated.id(), null, 10)).filteredOn(m -> experiment.equals(m.experiment()))
                .singleElement().satisfies(m -> assertThat(m.status()).isNotEqualTo(MessageStatus.SKIPPED));
        JsonNode result = api.get("/api/experiments/" + experiment).json();
        assertThat(result.get("controlArm").asText()).isEqualTo("holdout");
        assertThat(result.get("arms").findValuesAsText("arm")).containsExactly("A", "B", "holdout");
        assertThat(result.get("arms").findValues("contacts")).extracting(JsonNode::asLong).containsExactly(0L, 1L, 1L);
        assertThat(result.get("comparisons").findValuesAsText("arm")).containsExactly("A", "B");
        // the holdout is never a winner new entrants could be given
        assertThat(api.post("/api/experiments/" + experiment + "/stop", "{\"winner\": \"holdout\"}").status())
                .isEqualTo(400);
    }

    /** A contact who signed up long ago (no relaunch running any more), among the arms wanted. */
    private Contact contact(Predicate<Long> arms) {
        for (int i = 0; i < 200; i++) {
            String externalId = "holdout-" + UUID.randomUUID();
            Contact contact = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Léa",
                    "fr", true, false)).orElseThrow();
            runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact.id())).list()
                    .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
            if (arms.test(contact.id())) {
                return contact;
            }
        }
        throw new AssertionError("no contact in these arms among 200");
    }

    private ProcessInstance enteredSegment(Contact contact) {
        return runtime.createMessageCorrelation("ContactEnteredSegment")
                .processInstanceBusinessKey(String.valueOf(contact.id()))
                .setVariable(Journeys.VAR_CONTACT_ID, contact.id()).setVariable("segment", "INACTIVE")
                .correlateAllWithResult().stream().map(r -> r.getProcessInstance()).filter(p -> p != null)
                .filter(p -> p.getProcessDefinitionId().startsWith(Journeys.INACTIVE_WINBACK + ":"))
                .findFirst().orElseThrow();
    }

    /** The steps the journey passed, each with the moment it started at. */
    private List<String> path(ProcessInstance journey) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(journey.getId())
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
                .map(a -> a.getActivityId() + " at " + a.getStartTime().toInstant()).toList();
    }

    private void afterDays(int days) {
        time.advance(Duration.ofDays(days));
        time.runDueJobs();
    }

    private void post(Contact contact, EventType type, BigDecimal amount) {
        events.accept(new EventRequest(contact.id(), null, type, null, null, amount, null, null));
    }

    private List<MimeMessage> received(Contact contact) {
        return List.of(smtp.getReceivedMessagesForDomain(contact.email()));
    }
}
