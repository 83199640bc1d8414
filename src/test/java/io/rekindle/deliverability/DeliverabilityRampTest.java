package io.rekindle.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.rekindle.contact.ContactService;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.support.Api;
import io.rekindle.support.RekindleIntegrationTest;
import io.rekindle.support.TimeMachine;
import io.rekindle.system.Times;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.rekindle.email.EmailDispatcher;

/**
 * The deliverability ramp end to end: inactive contacts found by the daily classification (over HTTP) enter the
 * win-back; their emails go out in daily steps of 10, 11, 12 slots (initial volume 10, +10 % per step), the most
 * recently active first, received by a real SMTP server; the others wait in the journey; a comeback or an unsubscribe
 * while waiting ends the wait without using a slot; a step older than the memory is forgotten.
 */
@RekindleIntegrationTest(properties = {"rekindle.ramp.enabled=true", "rekindle.ramp.initial-volume=10",
        "rekindle.ramp.growth=0.10", "rekindle.ramp.memory=P7D", "rekindle.ramp.batch-size=4",
        "rekindle.pressure.max-messages=10"})
class DeliverabilityRampTest {

    /** Monday 1 June 2026, 05:00 UTC: the daily classification's hour. */
    private static final Instant D1 = Instant.parse("2026-06-01T05:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    EmailDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GreenMail smtp;

    Api api;
    TimeMachine time;

    /** One inactive contact and how recently it showed signs of life (days ago; null = never). */
    record Inactive(long id, String email, Integer emailActivityDaysAgo, Integer otherActivityDaysAgo) {
    }

    @BeforeEach
    void setUp() throws Exception {
        init(engine);
        api = new Api(port);
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(D1);
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void inactiveContactsGetTheirEmailInDailyStepsOfAtMostTenPercentMoreTheMostRecentlyActiveFirst() {
        List<Inactive> created = inactiveContacts();
        List<Inactive> ranked = byRecentActivity(created);

        // day 1: 36 contacts enter the win-back; 10 slots, given to the 10 most recently active
        runClassification();
        assertThat(winBacks()).hasSize(36);
        assertThat(missYouReceivedBy()).containsExactlyInAnyOrderElementsOf(emails(ranked.subList(0, 10)));
        assertRamp(10, 10, 26);
        ProcessInstance waiting = winBackOf(ranked.get(10));
        assertThat(waiting).isWaitingAt("Event_SendSlotGranted").hasPassedInOrder("Task_JoinRamp", "Gateway_SlotFree");
        assertThat(winBackOf(ranked.get(0))).hasPassed("Event_SendSlotGranted", "Task_SendMissYouEmail")
                .isWaitingAt("Timer_ReactionWait");
        // what Cockpit shows: the variable tells the truth once the slot is granted
        assertThat(sendSlotGranted(winBackOf(ranked.get(0)))).as("granted, then sent").isTrue();
        assertThat(sendSlotGranted(waiting)).as("still waiting").isFalse();

        // a second run the same day gives nothing more: the day's slots are used
        runClassification();
        assertThat(missYouReceivedBy()).hasSize(10);
        assertRamp(10, 10, 26);

        // while waiting, the next in line buys and the one after unsubscribes: both waits end at once
        ProcessInstance unsubscribing = winBackOf(ranked.get(11));
        time.advance(Duration.ofHours(10));
        assertThat(api.post("/api/events", "{\"contactId\":" + ranked.get(10).id()
                + ",\"type\":\"PURCHASE\",\"amount\":20}").status()).isEqualTo(202);
        assertThat(api.post("/api/events", "{\"contactId\":" + ranked.get(11).id()
                + ",\"type\":\"UNSUBSCRIBED\",\"channel\":\"ALL\"}").status()).isEqualTo(202);
        assertThat(waiting).hasPassed("StartEvent_CameBack").hasNotPassed("Task_SendMissYouEmail");
        assertThat(unsubscribing).hasPassed("StartEvent_Unsubscribed").isEnded();

        // day 2: 11 slots (10 + 10 %), to the next 11 still waiting; the two who left use none
        time.travelTo(D1.plus(Duration.ofDays(1)));
        runClassification();
        assertThat(missYouReceivedBy()).containsExactlyInAnyOrderElementsOf(emails(ranked.subList(0, 10),
                ranked.subList(12, 23)));
        assertRamp(11, 11, 13);

        // day 3: 12 slots (11 + 10 %, rounded down)
        time.travelTo(D1.plus(Duration.ofDays(2)));
        runClassification();
        assertThat(missYouReceivedBy()).containsExactlyInAnyOrderElementsOf(emails(ranked.subList(0, 10),
                ranked.subList(12, 35)));
        assertRamp(12, 12, 1);
        JsonNode steps = api.get("/api/deliverability-ramp").json().get("recentSteps");
        assertThat(steps.findValuesAsText("quota")).containsExactly("12", "11", "10");
        assertThat(steps.findValuesAsText("granted")).containsExactly("12", "11", "10");

        // tomorrow would have 13; after more than a week without a step the ramp starts over at 10
        time.travelTo(D1.plus(Duration.ofDays(3)));
        assertThat(api.get("/api/deliverability-ramp").json().get("quotaToday").asInt()).isEqualTo(13);
        ProcessInstance last = winBackOf(ranked.get(35));
        time.travelTo(D1.plus(Duration.ofDays(11)));
        assertThat(api.get("/api/deliverability-ramp").json().get("quotaToday").asInt()).isEqualTo(10);
        runClassification();
        assertThat(missYouReceivedBy()).containsExactlyInAnyOrderElementsOf(emails(ranked.subList(0, 10),
                ranked.subList(12, 36)));
        assertRamp(10, 1, 0);
        assertThat(last).hasPassed("Event_SendSlotGranted");
        // every email went once, none to the contact who unsubscribed while waiting
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE template = 'winback-miss-you'")
                .query(Long.class).single()).isEqualTo(34);
    }

    /** The variable's latest value as history keeps it (Cockpit's view), and the same at runtime. */
    private boolean sendSlotGranted(ProcessInstance winBack) {
        Object runtime = engine.getRuntimeService().getVariable(winBack.getId(), "sendSlotGranted");
        Object historic = engine.getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(winBack.getId()).variableName("sendSlotGranted").singleResult().getValue();
        assertThat(historic).as("history and runtime agree").isEqualTo(runtime);
        return (Boolean) runtime;
    }

    private void assertRamp(int quota, int granted, int waiting) {
        JsonNode ramp = api.get("/api/deliverability-ramp").json();
        assertThat(ramp.get("enabled").asBoolean()).isTrue();
        assertThat(ramp.get("quotaToday").asInt()).as("slots today").isEqualTo(quota);
        assertThat(ramp.get("grantedToday").asInt()).as("slots given today").isEqualTo(granted);
        assertThat(ramp.get("waiting").asLong()).as("journeys waiting for a slot").isEqualTo(waiting);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("inactive-winback")
                .activityIdIn("Event_SendSlotGranted").count()).isEqualTo(waiting);
    }

    /** Runs the daily classification as the schedule would, then delivers what is due. */
    private void runClassification() {
        Api.Response started = api.post("/api/classification/runs", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        time.runDueJobs();
        JsonNode run = api.get("/api/classification/runs/" + started.json().get("id").asLong()).json();
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
        while (dispatcher.dispatchDue() > 0) {
            // batches until the outbox has nothing due
        }
    }

    /**
     * 36 inactive contacts, created in shuffled order so that ids say nothing about the ranking: 30 who opened an
     * email between 5 and 295 days ago, 2 who clicked 185 and 233 days ago (an old click is still email activity),
     * 2 with no email activity but a visit, 2 with nothing at all but their old purchase.
     */
    private List<Inactive> inactiveContacts() {
        List<Integer[]> profiles = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            profiles.add(new Integer[] {5 + 10 * i, null, null});
        }
        profiles.add(new Integer[] {null, 185, null});
        profiles.add(new Integer[] {null, 233, null});
        profiles.add(new Integer[] {null, null, 200});
        profiles.add(new Integer[] {null, null, 250});
        profiles.add(new Integer[] {null, null, null});
        profiles.add(new Integer[] {null, null, null});
        Collections.shuffle(profiles, new Random(20260601));
        List<Inactive> created = new ArrayList<>();
        for (Integer[] p : profiles) {
            created.add(inactiveContact(p[0], p[1], p[2]));
        }
        return created;
    }

    private Inactive inactiveContact(Integer openDaysAgo, Integer clickDaysAgo, Integer visitDaysAgo) {
        String externalId = "ramp-" + UUID.randomUUID();
        String email = externalId + "@example.com";
        long id = contacts.signUp(new SignUpRequest(externalId, email, null, "Robin", "en", true, false))
                .orElseThrow().id();
        // signed up 400 days ago, one purchase 300 days ago: inactive whatever the email activity (no click < 180 d)
        jdbc.sql("""
                UPDATE contact SET signed_up_at = ?, last_purchase_at = ?, last_visit_at = ?, last_email_open_at = ?,
                       last_email_click_at = ?, purchase_count = 1, revenue = 40 WHERE id = ?""")
                .params(daysAgo(400), daysAgo(300), daysAgo(visitDaysAgo), daysAgo(openDaysAgo),
                        daysAgo(clickDaysAgo), id)
                .update();
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "signed up long ago"));
        Integer emailActivity = openDaysAgo != null ? openDaysAgo : clickDaysAgo;
        return new Inactive(id, email, emailActivity, visitDaysAgo != null ? visitDaysAgo : 300);
    }

    /** The order the ramp must follow: most recent email activity, then most recent visit or purchase, then id. */
    private static List<Inactive> byRecentActivity(List<Inactive> contacts) {
        return contacts.stream().sorted(Comparator
                        .comparing((Inactive c) -> c.emailActivityDaysAgo() == null ? Integer.MAX_VALUE
                                : c.emailActivityDaysAgo())
                        .thenComparing(Inactive::otherActivityDaysAgo)
                        .thenComparing(Inactive::id))
                .toList();
    }

    private static OffsetDateTime daysAgo(Integer days) {
        return days == null ? null : Times.utc(D1.minus(Duration.ofDays(days)));
    }

    @SafeVarargs
    private static List<String> emails(List<Inactive>... groups) {
        return Arrays.stream(groups).flatMap(List::stream).map(Inactive::email).toList();
    }

    /** Recipients of the « we miss you » emails the SMTP server received, one entry per email. */
    private List<String> missYouReceivedBy() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).endsWith("we miss you"))
                .map(m -> recipient(m)).toList();
    }

    private List<ProcessInstance> winBacks() {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("inactive-winback").list();
    }

    /** The contact's running win-back (camunda-bpm-assert keeps reading it from history once it ended). */
    private ProcessInstance winBackOf(Inactive contact) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("inactive-winback")
                .processInstanceBusinessKey(String.valueOf(contact.id())).singleResult();
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(Message message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
