package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.rekindle.outbox.MessageStatus;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.offer.OfferService;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import io.rekindle.events.EventAccepted;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.survey.SatisfactionSurveyJourneyTest;

/**
 * Win-back, final removal and welcome back, path by path on the real engine and CRM. D = the day the
 * daily classification found the contact INACTIVE (1 June 2026, 05:00 UTC).
 */
@SpringBootTest
@ActiveProfiles("test")
class ReactivationJourneysTest {

    private static final Instant D = Instant.parse("2026-06-01T05:00:00Z");

    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    EventIntake events;
    @Autowired
    OutboxService outbox;
    @Autowired
    io.rekindle.outbox.OutboxRepository outboxRows;
    @Autowired
    java.time.Clock clock;
    @Autowired
    OfferService offers;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.rekindle.contact.ContactActivity activity;
    @Autowired
    io.rekindle.survey.SurveyService surveys;

    TimeMachine time;
    RuntimeService runtime;

    @BeforeEach
    void setUp() {
        init(engine);
        runtime = engine.getRuntimeService();
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(D.minus(Duration.ofDays(400)));
        // the daily classification would start win-backs of its own while these tests travel through the days
        engine.getManagementService().suspendJobDefinitionByProcessDefinitionKey("daily-classification", true);
    }

    @AfterEach
    void stopJourneysAndResetClock() {
        // the tests share one engine: no journey of one test may wake up in another's time travel
        runtime.createProcessInstanceQuery().list()
                .forEach(p -> runtime.deleteProcessInstanceIfExists(p.getId(), "test over", true, true, true, true));
        engine.getManagementService().activateJobDefinitionByProcessDefinitionKey("daily-classification", true);
        TimeMachine.reset();
    }

    @Test
    void anInactiveContactGetsTheMissYouOfferByEmailAndWaitsFourteenDays() {
        Contact lea = inactiveContact("Léa", "fr", true, false, null);

        ProcessInstance winBack = enteredSegment(lea, "INACTIVE");

        // the test profile turns the deliverability ramp off (DeliverabilityRamp*Test has it on): no wait for a slot
        assertThat(winBack).hasPassedInOrder("StartEvent_EnteredInactive", "Task_CheckEligibility",
                "Gateway_Eligible", "Task_SelectChannel", "Gateway_Channel", "Task_JoinRamp", "Gateway_SlotFree",
                "Gateway_SlotReady").hasNotPassed("Event_SendSlotGranted").isWaitingAt("Task_SendMissYouEmail");
        time.runDueJobs();
        assertThat(winBack).isWaitingAt("Timer_ReactionWait");
        assertThat(runtime.getVariable(winBack.getId(), "channel")).isEqualTo("EMAIL");
        OutboxMessage missYou = single(messages(lea));
        assertThat(missYou.template()).isEqualTo("winback-miss-you");
        assertThat(missYou.channel()).isEqualTo("EMAIL");
        assertThat(missYou.subject()).isEqualTo("Léa, vous nous manquez");
        assertThat(missYou.offerCode()).isEqualTo(single(offers.ofContact(lea.id())).code());
        assertThat(missYou.bodyText()).contains(missYou.offerCode());

        afterDays(13);
        assertThat(winBack).isWaitingAt("Timer_ReactionWait");
        assertThat(jdbc.sql("SELECT last_winback_at FROM contact WHERE id = ?").param(lea.id())
                .query(java.time.OffsetDateTime.class).single().toInstant()).isEqualTo(D);
    }

    @Test
    void aPurchaseDuringTheWaitEndsTheWinBackAtOnceWithWelcomeBack() {
        Contact tom = inactiveContact("Tom", "en", true, false, null);
        ProcessInstance winBack = enteredSegment(tom, "INACTIVE");
        time.runDueJobs();

        afterDays(5);
        EventAccepted purchase = post(tom, EventType.PURCHASE, new BigDecimal("35.00"));

        assertThat(purchase.correlatedJourneys()).isEqualTo(1);
        assertThat(winBack).hasPassed("StartEvent_CameBack").isWaitingAt("CallActivity_WelcomeBack")
                .hasNotPassed("CallActivity_Survey");
        time.runDueJobs();
        assertThat(winBack).hasPassedInOrder("StartEvent_CameBack", "CallActivity_WelcomeBack", "EndEvent_CameBack")
                .isEnded();
        OutboxMessage welcome = messages(tom).stream().filter(m -> m.template().equals("welcome-back")).findFirst()
                .orElseThrow();
        assertThat(welcome.subject()).isEqualTo("Tom, thank you for your visit and welcome back");
        assertThat(welcome.offerCode()).isNotNull();
        assertThat(offers.ofContact(tom.id())).hasSize(2);
        afterDays(20);
        assertThat(messages(tom)).hasSize(2);
    }

    @Test
    void aVisitOrAClickIsAComebackButAnOpenIsNot() {
        Contact ana = inactiveContact("Ana", "fr", true, false, null);
        ProcessInstance winBack = enteredSegment(ana, "INACTIVE");
        time.runDueJobs();
        OutboxMessage missYou = single(messages(ana));

        afterDays(2);
        delivered(missYou);
        events.accept(new EventRequest(ana.id(), null, EventType.EMAIL_OPENED, null, null, null, null, missYou.id()));
        assertThat(winBack).isWaitingAt("Timer_ReactionWait");

        afterDays(1);
        post(ana, EventType.VISIT, null);
        assertThat(winBack).hasPassed("StartEvent_CameBack").hasNotPassed("CallActivity_Survey");
    }

    @Test
    void anUnsubscribeDuringTheWaitEndsTheWinBackAtOnce() {
        Contact kim = inactiveContact("Kim", "fr", true, false, null);
        ProcessInstance winBack = enteredSegment(kim, "INACTIVE");
        time.runDueJobs();

        afterDays(4);
        EventAccepted unsubscribed = events.accept(new EventRequest(kim.id(), null, EventType.UNSUBSCRIBED, null,
                null, null, null, null, io.rekindle.contact.UnsubscribeChannel.ALL));

        assertThat(unsubscribed.correlatedJourneys()).isEqualTo(1);
        assertThat(winBack).hasPassedInOrder("StartEvent_Unsubscribed", "EndEvent_Unsubscribed")
                .hasNotPassed("CallActivity_Survey").isEnded();
        afterDays(20);
        assertThat(messages(kim)).extracting(OutboxMessage::template).containsExactly("winback-miss-you");
    }

    @Test
    void withoutEmailConsentButWithSmsConsentTheOfferGoesBySms() {
        Contact sam = inactiveContact("Sam", "fr", false, true, "+33612345678");

        ProcessInstance winBack = enteredSegment(sam, "INACTIVE");
        time.runDueJobs();

        assertThat(winBack).hasPassed("Task_SendMissYouSms").hasNotPassed("Task_SendMissYouEmail")
                .isWaitingAt("Timer_ReactionWait");
        OutboxMessage sms = single(messages(sam));
        assertThat(sms.channel()).isEqualTo("SMS");
        assertThat(sms.recipient()).isEqualTo("+33612345678");
        assertThat(sms.status()).isEqualTo(MessageStatus.PENDING);
        assertThat(sms.bodyText()).startsWith("Sam, vous nous manquez").contains(sms.offerCode()).contains("STOP");
    }

    @Test
    void noUsableChannelEndsTheWinBackWithoutSending() {
        Contact mute = inactiveContact("Mute", "en", false, false, null);

        ProcessInstance winBack = enteredSegment(mute, "INACTIVE");

        assertThat(winBack).hasPassed("EndEvent_NoChannel").isEnded();
        assertThat(messages(mute)).isEmpty();
    }

    @Test
    void onlyInactiveContactsEnterAndNeverWhileAnotherJourneyRuns() {
        Contact newInactive = inactiveContact("Nina", "fr", true, false, null);
        assertThat(enteredSegment(newInactive, "NEW_INACTIVE")).hasPassed("EndEvent_NotEligible").isEnded();

        String externalId = "reactivation-" + UUID.randomUUID();
        Contact inRelaunch = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, "Rita",
                "fr", true, false)).orElseThrow(); // her new sign-up relaunch is running
        ProcessInstance winBack = enteredSegment(inRelaunch, "INACTIVE");
        assertThat(winBack).hasPassed("EndEvent_NotEligible").isEnded();
        assertThat(historicVariable(winBack, "winBackEntry")).isEqualTo("IN_ANOTHER_JOURNEY");
        assertThat(messages(newInactive)).isEmpty();
    }

    @Test
    void aContactWonBackDoesNotReenterWithinSixMonths() {
        Contact max = inactiveContact("Max", "en", true, false, null);
        enteredSegment(max, "INACTIVE");
        time.runDueJobs();
        afterDays(3);
        post(max, EventType.VISIT, null);
        time.runDueJobs();

        afterDays(150);
        ProcessInstance tooSoon = enteredSegment(max, "INACTIVE");
        assertThat(tooSoon).hasPassed("EndEvent_NotEligible").isEnded();
        assertThat(historicVariable(tooSoon, "winBackEntry")).isEqualTo("WON_BACK_RECENTLY");

        afterDays(40); // 193 days after the first entry
        ProcessInstance again = enteredSegment(max, "INACTIVE");
        assertThat(again).hasPassed("Task_SelectChannel").isWaitingAt("Task_SendMissYouEmail");
    }

    @Test
    void withoutAReactionIn14DaysTheSurveyRunsAndNoAnswerLeadsToTheFinalRemoval() {
        Contact ida = inactiveContact("Ida", "fr", true, false, null);
        ProcessInstance winBack = enteredSegment(ida, "INACTIVE");
        time.runDueJobs();

        afterDays(13);
        assertThat(winBack).isWaitingAt("Timer_ReactionWait");
        afterDays(1);
        assertThat(winBack).hasPassed("Timer_ReactionWait").isWaitingAt("CallActivity_Survey");
        assertThat(messages(ida)).extracting(OutboxMessage::template)
                .containsExactlyInAnyOrder("winback-miss-you", "survey-invitation");

        afterDays(14); // no answer
        assertThat(winBack).hasPassedInOrder("Timer_ReactionWait", "Task_CheckComebackAfterWait",
                "Gateway_CameBackAfterWait", "CallActivity_Survey", "Gateway_RemovalNeeded",
                "Task_CheckComebackBeforeRemoval", "Gateway_CameBackBeforeRemoval", "CallActivity_FinalRemoval",
                "EndEvent_Removed").isEnded();
        assertThat(messages(ida)).extracting(OutboxMessage::template).contains("farewell");
        assertThat(suppression(ida)).isEqualTo("FINAL_REMOVAL");
        // Cockpit shows every variable these journeys kept as a plain value, never a serialized object
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().list())
                .extracting(v -> v.getTypeName()).isNotEmpty()
                .allMatch(type -> java.util.Set.of("string", "long", "integer", "boolean", "double", "null", "date")
                        .contains(type), "a plain type");
    }

    @Test
    void aPurchaseThatReachedNoJourneyDuringTheWaitStopsTheSurveyAndTheRemoval() {
        Contact ugo = inactiveContact("Ugo", "fr", true, false, null);
        ProcessInstance winBack = enteredSegment(ugo, "INACTIVE");
        time.runDueJobs();

        afterDays(6);
        // stored in the CRM while its correlation never ran (the database blinked, the node died): nothing moved
        activity.record(ugo.id(), EventType.PURCHASE, time.now(), "order-" + UUID.randomUUID(),
                new BigDecimal("42.00"), null, null);
        assertThat(winBack).isWaitingAt("Timer_ReactionWait");

        afterDays(8);
        assertThat(winBack).hasPassedInOrder("Timer_ReactionWait", "Task_CheckComebackAfterWait",
                "Gateway_CameBackAfterWait", "EndEvent_CameBackNoSurvey").hasNotPassed("CallActivity_Survey")
                .hasNotPassed("CallActivity_FinalRemoval").isEnded();
        afterDays(30);
        assertThat(messages(ugo)).extracting(OutboxMessage::template).containsExactly("winback-miss-you");
        assertThat(suppression(ugo)).isNull();
    }

    @Test
    void aVisitThatReachedNoJourneyDuringTheSurveyEndsItWithNoFollowUpAndNoRemoval() {
        Contact vic = inactiveContact("Vic", "en", true, false, null);
        ProcessInstance winBack = enteredSegment(vic, "INACTIVE");
        time.runDueJobs();
        afterDays(14);
        assertThat(winBack).isWaitingAt("CallActivity_Survey");

        ProcessInstance survey = survey(winBack);

        afterDays(5);
        activity.record(vic.id(), EventType.VISIT, time.now(), "visit-" + UUID.randomUUID(), null, null, null);
        afterDays(9); // the survey's wait ends without an answer; it reads the CRM first

        assertThat(survey).hasPassedInOrder("Timer_SurveyAnswerWait", "Task_CheckActivitySinceSurveyStart",
                "EndEvent_CameBackNoFollowUp").hasNotPassed("Task_DecideFollowUp");
        assertThat(winBack)
                .hasPassedInOrder("CallActivity_Survey", "Gateway_RemovalNeeded", "EndEvent_SurveyFollowedUp")
                .hasNotPassed("Task_CheckComebackBeforeRemoval", "CallActivity_FinalRemoval").isEnded();
        assertThat(historicVariable(winBack, "surveyOutcome")).isEqualTo("NO_ACTION");
        assertThat(messages(vic)).extracting(OutboxMessage::template)
                .containsExactlyInAnyOrder("winback-miss-you", "survey-invitation");
        assertThat(suppression(vic)).isNull();
    }

    @Test
    void aVisitBeforeTheSurveyReportedDuringItStopsTheFinalRemoval() {
        Contact val = inactiveContact("Val", "en", true, false, null);
        ProcessInstance winBack = enteredSegment(val, "INACTIVE");
        time.runDueJobs();
        afterDays(14);
        assertThat(winBack).isWaitingAt("CallActivity_Survey");
        ProcessInstance survey = survey(winBack);
        Instant dayBeforeTheSurvey = time.now().minus(Duration.ofDays(1));

        afterDays(5);
        // reported late: it happened after the win-back entry but before the survey, which counts from its start
        activity.record(val.id(), EventType.VISIT, dayBeforeTheSurvey, "visit-" + UUID.randomUUID(), null, null,
                null);
        afterDays(9); // the survey's wait ends without an answer: it advises removal

        assertThat(survey).hasPassedInOrder("Task_CheckActivitySinceSurveyStart", "Task_DecideFollowUp",
                "EndEvent_RemovalAdvised");
        assertThat(winBack).hasPassedInOrder("CallActivity_Survey", "Gateway_RemovalNeeded",
                "Task_CheckComebackBeforeRemoval", "Gateway_CameBackBeforeRemoval", "EndEvent_CameBackNotRemoved")
                .hasNotPassed("CallActivity_FinalRemoval").isEnded();
        assertThat(messages(val)).extracting(OutboxMessage::template)
                .containsExactlyInAnyOrder("winback-miss-you", "survey-invitation");
        assertThat(suppression(val)).isNull();
    }

    @Test
    void aSurveyAnswerAboutThePriceGetsAnOfferAndNoRemoval() {
        Contact joe = inactiveContact("Joe", "en", true, false, null);
        ProcessInstance winBack = enteredSegment(joe, "INACTIVE");
        time.runDueJobs();
        afterDays(14);
        OutboxMessage invitation = messages(joe).stream().filter(m -> m.template().equals("survey-invitation"))
                .findFirst().orElseThrow();

        afterDays(2);
        assertThat(surveys.submit(SatisfactionSurveyJourneyTest.token(invitation),
                new io.rekindle.survey.SurveyForm("PRICE", "NO", "YES", null)).outcome())
                .isEqualTo(io.rekindle.survey.SurveyService.Outcome.THANKS);
        time.runDueJobs();

        assertThat(winBack).hasPassedInOrder("CallActivity_Survey", "Gateway_RemovalNeeded",
                "EndEvent_SurveyFollowedUp").hasNotPassed("CallActivity_FinalRemoval").isEnded();
        assertThat(messages(joe)).extracting(OutboxMessage::template).contains("survey-offer")
                .doesNotContain("farewell");
        assertThat(suppression(joe)).isNull();
    }

    @Test
    void theFinalRemovalSaysGoodbyeIsolatesTheContactAndAComebackLiftsItWithWelcomeBack() {
        Contact eve = inactiveContact("Eve", "fr", true, false, null);
        ProcessInstance removal = runtime.createProcessInstanceByKey(Journeys.FINAL_REMOVAL)
                .businessKey(String.valueOf(eve.id())).setVariable(Journeys.VAR_CONTACT_ID, eve.id()).execute();
        time.runDueJobs();

        assertThat(removal).hasPassedInOrder("Task_SendFarewell", "Task_SuppressContact", "EndEvent_Isolated")
                .isEnded();
        OutboxMessage farewell = single(messages(eve));
        assertThat(farewell.subject()).isEqualTo("Eve, il y aura toujours une place pour vous");
        assertThat(farewell.offerCode()).isNull();
        assertThat(suppression(eve)).isEqualTo("FINAL_REMOVAL");
        ProcessInstance notAgain = enteredSegment(eve, "INACTIVE");
        assertThat(historicVariable(notAgain, "winBackEntry")).isEqualTo("SUPPRESSED");

        afterDays(60);
        EventAccepted visit = post(eve, EventType.VISIT, null);

        assertThat(visit.correlatedJourneys()).isEqualTo(1);
        assertThat(suppression(eve)).isNull();
        time.runDueJobs();
        var welcome = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(Journeys.WELCOME_BACK).processInstanceBusinessKey(String.valueOf(eve.id()))
                .singleResult();
        assertThat(welcome.getEndActivityId()).isEqualTo("EndEvent_WelcomedBack");
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(welcome.getId())
                .activityId("StartEvent_RemovedContactCameBack").count()).isEqualTo(1);
        assertThat(messages(eve)).extracting(OutboxMessage::template).containsExactlyInAnyOrder("farewell",
                "welcome-back");
        // a second visit: no longer removed, nothing more
        post(eve, EventType.VISIT, null);
        time.runDueJobs();
        assertThat(messages(eve)).hasSize(2);
    }

    /** A contact who signed up long ago (no relaunch running any more) with the given consents. */
    private Contact inactiveContact(String firstName, String locale, boolean emailConsent, boolean smsConsent,
            String phone) {
        String externalId = "reactivation-" + UUID.randomUUID();
        Contact contact = contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", phone, firstName,
                locale, emailConsent, smsConsent)).orElseThrow();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(contact.id())).list()
                .forEach(p -> runtime.deleteProcessInstance(p.getId(), "signed up long ago"));
        time.travelTo(D);
        return contact;
    }

    /** What the daily classification publishes for the contact; returns the win-back it started. */
    private ProcessInstance enteredSegment(Contact contact, String segment) {
        return runtime.createMessageCorrelation("ContactEnteredSegment")
                .processInstanceBusinessKey(String.valueOf(contact.id()))
                .setVariable(Journeys.VAR_CONTACT_ID, contact.id()).setVariable("segment", segment)
                .correlateAllWithResult().stream().map(r -> r.getProcessInstance()).filter(p -> p != null)
                .filter(p -> p.getProcessDefinitionId().startsWith(Journeys.INACTIVE_WINBACK + ":"))
                .findFirst().orElseThrow();
    }

    /** The satisfaction survey the win-back waits for (the assertions on it go on working once it ended). */
    private ProcessInstance survey(ProcessInstance winBack) {
        return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(winBack.getId())
                .singleResult();
    }

    private Object historicVariable(ProcessInstance instance, String name) {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableName(name).singleResult().getValue();
    }

    private String suppression(Contact contact) {
        return jdbc.sql("SELECT suppression_reason FROM contact WHERE id = ?").param(contact.id())
                .query(String.class).optional().orElse(null);
    }

    private void afterDays(int days) {
        time.advance(Duration.ofDays(days));
        time.runDueJobs();
    }

    private EventAccepted post(Contact contact, EventType type, BigDecimal amount) {
        return events.accept(new EventRequest(contact.id(), null, type, null, null, amount, null, null));
    }

    private List<OutboxMessage> messages(Contact contact) {
        return outbox.find(contact.id(), null, 50);
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    /** Only a delivered message can be opened or clicked: the dispatcher's part (tested on its own) is done. */
    private void delivered(OutboxMessage message) {
        outboxRows.markSentWithoutTransport(message.id(), clock.instant());
    }
}
