package io.rekindle.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.rekindle.outbox.MessageStatus;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.contact.UnsubscribeChannel;
import io.rekindle.offer.Offer;
import io.rekindle.offer.OfferService;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import io.rekindle.events.EventAccepted;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.survey.SatisfactionSurveyJourneyTest;

/**
 * The new sign-up relaunch journey, path by path, on the real engine and CRM: each test asserts the
 * path taken and what it left behind (outbox rows, offers, contact fields). J = 2 March 2026, 09:00 UTC.
 */
@SpringBootTest
@ActiveProfiles("test")
class NewSignupRelaunchJourneyTest {

    private static final Instant J = Instant.parse("2026-03-02T09:00:00Z");

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
    io.rekindle.survey.SurveyService surveys;
    @Autowired
    ContactActivity activity;

    TimeMachine time;

    @BeforeEach
    void setUp() {
        init(engine);
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(J);
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void theWelcomeLeavesAtSignUp_inTheContactsLanguage_withTheBenefits_andJ30ThenWaits() {
        Contact marie = signUpOnly("Marie", "fr", true);
        ProcessInstance journey = journeyOf(marie);
        assertThat(journey).isWaitingAt("Timer_WelcomeDelay");
        assertThat(welcomes(marie)).as("nothing before the welcome delay's job runs").isEmpty();

        time.runDueJobs(); // PT0S: due at once
        assertThat(journey).hasPassedInOrder("StartEvent_ContactSignedUp", "Timer_WelcomeDelay", "Task_SendWelcome")
                .isWaitingAt("Timer_J30");
        OutboxMessage welcome = single(welcomes(marie));
        assertThat(welcome.status()).isEqualTo(MessageStatus.PENDING);
        assertThat(welcome.recipient()).isEqualTo(marie.email());
        assertThat(welcome.subject()).isEqualTo("Bienvenue Marie : voici ce que votre inscription vous apporte");
        assertThat(welcome.bodyText()).contains("Bienvenue Marie").contains("livraison offerte");
        assertThat(welcome.bodyHtml()).contains("Bienvenue Marie");
        assertThat(welcome.offerCode()).isNull();
        assertThat(offers.ofContact(marie.id())).isEmpty();

        Contact john = signUp("John", "en", true);
        OutboxMessage english = single(welcomes(john));
        assertThat(english.subject()).isEqualTo("Welcome, John: here is what your membership brings you");
        assertThat(english.bodyText()).contains("Welcome, John!").contains("free delivery");
    }

    @Test
    void theJ30TimerCountsFromTheWelcome_andTheWelcomeIsNotRepeated() {
        Contact marie = signUp("Marie", "fr", true);
        ProcessInstance journey = journeyOf(marie);
        day(29);
        assertThat(journey).isWaitingAt("Timer_J30");
        day(30);
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch1");
        assertThat(single(messages(marie)).template()).isEqualTo("relaunch-1");
        assertThat(welcomes(marie)).hasSize(1);
    }

    @Test
    void withoutEmailConsentTheWelcomeIsRecordedAsSkipped_andTheJourneyGoesOn() {
        Contact nina = signUp("Nina", "fr", false);
        OutboxMessage welcome = single(welcomes(nina));
        assertThat(welcome.status()).isEqualTo(MessageStatus.SKIPPED);
        assertThat(welcome.skipReason()).isEqualTo("NO_EMAIL_CONSENT");
    }

    @Test
    void aPurchaseBeforeTheWelcomeLeavesEndsTheJourneyWithNoWelcome() {
        Contact paul = signUpOnly("Paul", "fr", true);
        ProcessInstance journey = journeyOf(paul);
        assertThat(journey).isWaitingAt("Timer_WelcomeDelay");

        post(paul, EventType.PURCHASE, new BigDecimal("20.00"), null, null);
        assertThat(journey).hasPassed("EndEvent_Activated").hasNotPassed("Task_SendWelcome").isEnded();
        time.runDueJobs();
        assertThat(welcomes(paul)).isEmpty();
    }

    @Test
    void nothingIsSentAtJ29_relaunch1WithPersonalOfferLeavesAtJ30() {
        Contact marie = signUp("Marie", "fr", true);
        ProcessInstance journey = journeyOf(marie);
        assertThat(journey).isWaitingAt("Timer_J30");

        day(29);
        assertThat(journey).isWaitingAt("Timer_J30");
        assertThat(messages(marie)).isEmpty();

        day(30);
        assertThat(journey).hasPassedInOrder("StartEvent_ContactSignedUp", "Task_SendWelcome", "Timer_J30",
                "Task_CheckActivityJ30", "Gateway_ActiveAtJ30", "Task_SendRelaunch1")
                .isWaitingAt("Gateway_WaitRelaunch1");
        OutboxMessage relaunch1 = single(messages(marie));
        assertThat(relaunch1.template()).isEqualTo("relaunch-1");
        assertThat(relaunch1.status()).isEqualTo(MessageStatus.PENDING);
        assertThat(relaunch1.recipient()).isEqualTo(marie.email());
        assertThat(relaunch1.subject()).isEqualTo("Marie, vos avantages d'inscrit vous attendent");
        assertThat(relaunch1.bodyText()).contains("Bonjour Marie").contains("2 mars 2026");

        Offer offer = single(offers.ofContact(marie.id()));
        assertThat(relaunch1.offerCode()).isEqualTo(offer.code()).matches("RK-[A-Z2-9]{8}");
        assertThat(relaunch1.bodyText()).contains(offer.code()).contains("10 %");
        assertThat(relaunch1.bodyHtml()).contains(offer.code());
        assertThat(offer.validFrom()).isEqualTo(J.plus(Duration.ofDays(30)));
        assertThat(offer.validUntil()).isEqualTo(J.plus(Duration.ofDays(45)));
        assertThat(offer.redeemedAt()).isNull();
    }

    @Test
    void purchaseOnJ12EndsTheJourneyAndNothingIsEverSent() {
        Contact paul = signUp("Paul", "fr", true);
        ProcessInstance journey = journeyOf(paul);

        day(12);
        EventAccepted accepted = post(paul, EventType.PURCHASE, new BigDecimal("49.90"), null, null);

        assertThat(accepted.correlatedJourneys()).isEqualTo(1);
        assertThat(journey).hasPassed("StartEvent_PurchaseMade", "EndEvent_Activated")
                .hasNotPassed("Task_CheckActivityJ30").isEnded();
        day(30);
        assertThat(messages(paul)).isEmpty();
        Contact after = contacts.find(paul.id()).orElseThrow();
        assertThat(after.purchaseCount()).isEqualTo(1);
        assertThat(after.revenue()).isEqualByComparingTo("49.90");
        assertThat(after.lastPurchaseAt()).isEqualTo(J.plus(Duration.ofDays(12)));
    }

    @Test
    void visitBeforeJ30IsStoredWhileNoOneWaitsAndStopsTheRelaunchAtJ30() {
        Contact lea = signUp("Léa", "fr", true);
        ProcessInstance journey = journeyOf(lea);

        day(5);
        EventAccepted visit = post(lea, EventType.VISIT, null, null, null);
        assertThat(visit.correlatedJourneys()).isZero();
        assertThat(journey).isWaitingAt("Timer_J30");

        day(30);
        assertThat(journey).hasPassedInOrder("Task_CheckActivityJ30", "Gateway_ActiveAtJ30", "EndEvent_AlreadyActive")
                .hasNotPassed("Task_SendRelaunch1").isEnded();
        assertThat(messages(lea)).isEmpty();
        assertThat(offers.ofContact(lea.id())).isEmpty();
    }

    @Test
    void openingRelaunch1StopsSoliciting() {
        Contact marc = signUp("Marc", "fr", true);
        ProcessInstance journey = journeyOf(marc);
        day(30);
        OutboxMessage relaunch1 = single(messages(marc));

        day(31);
        delivered(relaunch1);
        EventAccepted opened = post(marc, EventType.EMAIL_OPENED, null, null, relaunch1.id());

        assertThat(opened.correlatedJourneys()).isEqualTo(1);
        assertThat(journey).hasPassedInOrder("Task_SendRelaunch1", "Event_Relaunch1Opened", "EndEvent_OpenedRelaunch1")
                .isEnded();
        day(37);
        assertThat(messages(marc)).extracting(OutboxMessage::template).containsExactly("relaunch-1");
        assertThat(contacts.find(marc.id()).orElseThrow().lastEmailOpenAt()).isEqualTo(J.plus(Duration.ofDays(31)));
    }

    @Test
    void notOpenedBy_J37_getsRelaunch2_notBefore() {
        Contact anna = signUp("Anna", "fr", true);
        ProcessInstance journey = journeyOf(anna);
        day(30);

        day(36);
        assertThat(messages(anna)).hasSize(1);
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch1");

        day(37);
        assertThat(journey).hasPassedInOrder("Task_SendRelaunch1", "Timer_J37", "Task_CheckActivityJ37",
                "Gateway_ActiveAtJ37", "Task_SendRelaunch2")
                .hasNotPassed("Event_Relaunch1Opened").isWaitingAt("Gateway_WaitRelaunch2");
        List<OutboxMessage> sent = messages(anna);
        assertThat(sent).extracting(OutboxMessage::template).containsExactly("relaunch-2", "relaunch-1");
        OutboxMessage relaunch2 = sent.get(0);
        assertThat(relaunch2.subject()).isEqualTo("Anna, où êtes-vous ?");
        assertThat(relaunch2.bodyText()).contains("2 mars 2026");
        assertThat(relaunch2.offerCode()).isNull();
        assertThat(offers.ofContact(anna.id())).hasSize(1);
    }

    @Test
    void aPurchaseThatReachedNoJourneyBeforeJ37MeansNoRelaunch2() {
        Contact lou = signUp("Lou", "fr", true);
        ProcessInstance journey = journeyOf(lou);
        day(30);

        day(33);
        // stored in the CRM while its correlation never ran (the database blinked, the node died): nothing moved
        activity.record(lou.id(), EventType.PURCHASE, time.now(), "order-" + UUID.randomUUID(),
                new BigDecimal("19.90"), null, null);
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch1");

        day(37);
        assertThat(journey).hasPassedInOrder("Timer_J37", "Task_CheckActivityJ37", "Gateway_ActiveAtJ37",
                "EndEvent_ActiveAtJ37").hasNotPassed("Task_SendRelaunch2").isEnded();
        assertThat(messages(lou)).extracting(OutboxMessage::template).containsExactly("relaunch-1");
    }

    @Test
    void aPurchaseThatReachedNoJourneyDuringTheSurveyEndsItWithNoFollowUpAndNoRemoval() {
        Contact noa = signUp("Noa", "en", true);
        ProcessInstance journey = journeyOf(noa);
        Instant handOver = handedOverToTheSurvey();
        assertThat(journey).isWaitingAt("CallActivity_Survey");

        time.travelTo(handOver.plus(Duration.ofDays(3)));
        activity.record(noa.id(), EventType.PURCHASE, time.now(), "order-" + UUID.randomUUID(),
                new BigDecimal("64.00"), null, null);
        time.travelTo(handOver.plus(Duration.ofDays(14))); // no answer; the survey reads the CRM first
        time.runDueJobs();

        assertThat(journey)
                .hasPassedInOrder("CallActivity_Survey", "Gateway_SurveyRemoval", "EndEvent_SurveyFollowedUp")
                .hasNotPassed("Task_CheckActivityBeforeRemoval", "CallActivity_FinalRemoval").isEnded();
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                .superProcessInstanceId(journey.getId()).singleResult().getEndActivityId())
                .isEqualTo("EndEvent_CameBackNoFollowUp");
        assertThat(messages(noa)).extracting(OutboxMessage::template).doesNotContain("farewell");
        assertThat(contacts.find(noa.id()).orElseThrow().suppressedAt()).isNull();
    }

    @Test
    void aPurchaseBeforeTheSurveyReportedDuringItMeansNoFinalRemoval() {
        Contact ines = signUp("Ines", "en", true);
        ProcessInstance journey = journeyOf(ines);
        Instant handOver = handedOverToTheSurvey();
        assertThat(journey).isWaitingAt("CallActivity_Survey");

        time.travelTo(handOver.plus(Duration.ofDays(3)));
        // reported late: it happened before the survey, which counts from its own start; the relaunch, from sign-up
        activity.record(ines.id(), EventType.PURCHASE, handOver.minus(Duration.ofDays(1)), "order-" + UUID.randomUUID(),
                new BigDecimal("64.00"), null, null);
        time.travelTo(handOver.plus(Duration.ofDays(14))); // no answer: the survey advises removal
        time.runDueJobs();

        assertThat(journey).hasPassedInOrder("CallActivity_Survey", "Gateway_SurveyRemoval",
                "Task_CheckActivityBeforeRemoval", "Gateway_ActiveBeforeRemoval", "EndEvent_CameBackNotRemoved")
                .hasNotPassed("CallActivity_FinalRemoval").isEnded();
        assertThat(messages(ines)).extracting(OutboxMessage::template).doesNotContain("farewell");
        assertThat(contacts.find(ines.id()).orElseThrow().suppressedAt()).isNull();
    }

    @Test
    void clickInRelaunch2CountsAsOpenedAndStops() {
        Contact hugo = signUp("Hugo", "en", true);
        ProcessInstance journey = journeyOf(hugo);
        day(30);
        day(37);
        OutboxMessage relaunch2 = messages(hugo).get(0);
        assertThat(relaunch2.subject()).isEqualTo("Hugo, where are you?");

        day(40);
        delivered(relaunch2);
        post(hugo, EventType.EMAIL_CLICKED, null, null, relaunch2.id());

        assertThat(journey).hasPassedInOrder("Task_SendRelaunch2", "Event_Relaunch2Opened", "EndEvent_OpenedRelaunch2")
                .isEnded();
        Contact after = contacts.find(hugo.id()).orElseThrow();
        assertThat(after.lastEmailClickAt()).isEqualTo(J.plus(Duration.ofDays(40)));
        assertThat(after.lastEmailOpenAt()).isEqualTo(J.plus(Duration.ofDays(40)));
    }

    @Test
    void neverActiveFourMonthsAfterTheRelaunchesIsHandedOverToTheSurvey() {
        Contact zoe = signUp("Zoé", "fr", true);
        ProcessInstance journey = journeyOf(zoe);
        day(30);
        day(37);
        Instant handOver = J.plus(Duration.ofDays(37)).atZone(ZoneOffset.UTC).plusMonths(4).toInstant();

        time.travelTo(handOver.minus(Duration.ofDays(1)));
        time.runDueJobs();
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch2");

        time.travelTo(handOver);
        time.runDueJobs();
        assertThat(journey).hasPassedInOrder("Task_SendRelaunch2", "Timer_SurveyHandOver",
                "Task_CheckActivityBeforeSurvey", "Gateway_ActiveBeforeSurvey").isWaitingAt("CallActivity_Survey");
        assertThat(messages(zoe)).extracting(OutboxMessage::template)
                .containsExactlyInAnyOrder("relaunch-1", "relaunch-2", "survey-invitation");

        // no answer within the survey's wait: the survey advises removal, the final removal says goodbye
        time.travelTo(handOver.plus(Duration.ofDays(14)));
        time.runDueJobs();
        assertThat(journey).hasPassedInOrder("CallActivity_Survey", "Gateway_SurveyRemoval",
                "Task_CheckActivityBeforeRemoval", "Gateway_ActiveBeforeRemoval", "CallActivity_FinalRemoval",
                "EndEvent_Removed").isEnded();
        assertThat(messages(zoe)).extracting(OutboxMessage::template).contains("farewell");
        assertThat(contacts.find(zoe.id()).orElseThrow().suppressedAt()).isNotNull();
    }

    @Test
    void aSurveyAnswerThatNeedsNoRemovalEndsTheRelaunchWithTheFollowUp() {
        Contact max = signUp("Max", "en", true);
        ProcessInstance journey = journeyOf(max);
        handedOverToTheSurvey();
        OutboxMessage invitation = messages(max).stream().filter(m -> m.template().equals("survey-invitation"))
                .findFirst().orElseThrow();

        assertThat(surveys.submit(SatisfactionSurveyJourneyTest.token(invitation),
                new io.rekindle.survey.SurveyForm("OTHER", "NO", "NEVER_BOUGHT", null)).outcome())
                .isEqualTo(io.rekindle.survey.SurveyService.Outcome.THANKS);
        time.runDueJobs();

        assertThat(journey).hasPassedInOrder("CallActivity_Survey", "Gateway_SurveyRemoval",
                "EndEvent_SurveyFollowedUp").hasNotPassed("CallActivity_FinalRemoval").isEnded();
        assertThat(contacts.find(max.id()).orElseThrow().suppressedAt()).isNull();
    }

    @Test
    void aVisitDuringTheLongWaitMeansNoSurvey() {
        Contact tom = signUp("Tom", "en", true);
        ProcessInstance journey = journeyOf(tom);
        day(30);
        day(37);
        day(60);
        post(tom, EventType.VISIT, null, null, null);
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch2");

        day(37 + 125);
        assertThat(journey).hasPassed("EndEvent_CameBack").hasNotPassed("CallActivity_Survey").isEnded();
    }

    @Test
    void purchaseWithTheOfferCodeRedeemsItAndEndsTheJourney() {
        Contact ines = signUp("Inès", "fr", true);
        ProcessInstance journey = journeyOf(ines);
        day(30);
        String code = single(messages(ines)).offerCode();

        day(33);
        post(ines, EventType.PURCHASE, new BigDecimal("25.00"), code, null);

        assertThat(journey).hasPassed("Task_SendRelaunch1", "EndEvent_Activated").isEnded();
        assertThat(single(offers.ofContact(ines.id())).redeemedAt()).isEqualTo(J.plus(Duration.ofDays(33)));
    }

    @Test
    void withoutEmailConsentTheMessageIsRecordedAsSkippedAndNoOfferIsMinted() {
        Contact noConsent = signUp("Nina", "fr", false);
        ProcessInstance journey = journeyOf(noConsent);
        day(30);

        OutboxMessage skipped = single(messages(noConsent));
        assertThat(skipped.status()).isEqualTo(MessageStatus.SKIPPED);
        assertThat(skipped.skipReason()).isEqualTo("NO_EMAIL_CONSENT");
        assertThat(skipped.offerCode()).isNull();
        assertThat(offers.ofContact(noConsent.id())).isEmpty();
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch1");
    }

    @Test
    void theSendStepExecutedAgainWritesNoSecondMessageAndNoSecondOffer() {
        Contact eve = signUp("Eve", "en", true);
        ProcessInstance journey = journeyOf(eve);
        day(30);
        OutboxMessage first = single(messages(eve));

        // an operator re-runs the step from Cockpit (same process instance, same activity)
        engine.getRuntimeService().createProcessInstanceModification(journey.getId())
                .startBeforeActivity("Task_SendRelaunch1").execute();
        time.runDueJobs();

        assertThat(single(messages(eve)).id()).isEqualTo(first.id());
        assertThat(offers.ofContact(eve.id())).hasSize(1);
    }

    @Test
    void aRepeatedEventWithTheSameSourceIdCountsOnce() {
        Contact sam = signUp("Sam", "en", true);
        var purchase = new EventRequest(sam.id(), null, EventType.PURCHASE, null, "order-42", new BigDecimal("10.00"),
                null, null);

        EventAccepted first = events.accept(purchase);
        EventAccepted again = events.accept(purchase);

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.eventId()).isEqualTo(first.eventId());
        assertThat(contacts.find(sam.id()).orElseThrow().purchaseCount()).isEqualTo(1);
    }

    @Test
    void unsubscribingWhileWaitingForJ30EndsTheJourneyAtOnceAndNothingIsSent() {
        Contact lucie = signUp("Lucie", "fr", true);
        ProcessInstance journey = journeyOf(lucie);

        day(10);
        EventAccepted unsubscribed = unsubscribe(lucie, null);

        assertThat(unsubscribed.correlatedJourneys()).isEqualTo(1);
        assertThat(journey).hasPassedInOrder("StartEvent_ContactSignedUp", "StartEvent_Unsubscribed",
                "EndEvent_Unsubscribed").hasNotPassed("Task_CheckActivityJ30").isEnded();
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(journey.getId())
                .activityId("Timer_J30").canceled().count()).as("the J+30 wait was interrupted").isEqualTo(1);
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
        day(30);
        day(37);
        assertThat(messages(lucie)).isEmpty();
        assertThat(offers.ofContact(lucie.id())).isEmpty();
        Contact after = contacts.find(lucie.id()).orElseThrow();
        assertThat(after.emailUnsubscribedAt()).isEqualTo(J.plus(Duration.ofDays(10)));
        assertThat(after.smsUnsubscribedAt()).isEqualTo(J.plus(Duration.ofDays(10)));
        assertThat(after.emailConsent()).isFalse();
        assertThat(after.smsConsent()).isFalse();
    }

    @Test
    void unsubscribingAfterRelaunch1EndsTheJourneyAndRelaunch2NeverLeaves() {
        Contact jules = signUp("Jules", "en", true);
        ProcessInstance journey = journeyOf(jules);
        day(30);
        assertThat(journey).isWaitingAt("Gateway_WaitRelaunch1");

        day(32);
        unsubscribe(jules, UnsubscribeChannel.EMAIL);

        assertThat(journey).hasPassedInOrder("Task_SendRelaunch1", "StartEvent_Unsubscribed", "EndEvent_Unsubscribed")
                .hasNotPassed("Timer_J37", "Event_Relaunch1Opened").isEnded();
        day(37);
        assertThat(messages(jules)).extracting(OutboxMessage::template).containsExactly("relaunch-1");
        Contact after = contacts.find(jules.id()).orElseThrow();
        assertThat(after.emailUnsubscribedAt()).isEqualTo(J.plus(Duration.ofDays(32)));
        assertThat(after.smsUnsubscribedAt()).isNull();
    }

    @Test
    void anSmsOnlyUnsubscribeAlsoEndsTheJourneyButKeepsTheEmailConsent() {
        Contact chloe = signUp("Chloé", "fr", true);
        ProcessInstance journey = journeyOf(chloe);

        day(3);
        unsubscribe(chloe, UnsubscribeChannel.SMS);

        assertThat(journey).hasPassed("EndEvent_Unsubscribed").isEnded();
        Contact after = contacts.find(chloe.id()).orElseThrow();
        assertThat(after.smsUnsubscribedAt()).isEqualTo(J.plus(Duration.ofDays(3)));
        assertThat(after.emailUnsubscribedAt()).isNull();
        assertThat(after.emailConsent()).isTrue();
        assertThat(after.smsConsent()).isFalse();
    }

    @Test
    void aJourneyThatReachesTheSendStepAnywayRecordsTheEmailAsSkippedUnsubscribed() {
        Contact max = signUp("Max", "fr", true);
        ProcessInstance journey = journeyOf(max);
        // stored, but never correlated (as if the correlation had failed): the journey keeps going
        day(20);
        activity.record(max.id(), EventType.UNSUBSCRIBED, time.now(), null, null, null, null, UnsubscribeChannel.EMAIL);
        assertThat(journey).isWaitingAt("Timer_J30");

        day(30);

        assertThat(journey).hasPassed("Task_SendRelaunch1").isWaitingAt("Gateway_WaitRelaunch1");
        OutboxMessage skipped = single(messages(max));
        assertThat(skipped.status()).isEqualTo(MessageStatus.SKIPPED);
        assertThat(skipped.skipReason()).isEqualTo("UNSUBSCRIBED");
        assertThat(skipped.offerCode()).isNull();
        assertThat(offers.ofContact(max.id())).isEmpty();
    }

    @Test
    void aSuppressedContactGetsNothing_afterTheSuppressionIsLiftedRelaunch2Goes() {
        Contact rose = signUp("Rose", "en", true);
        ProcessInstance journey = journeyOf(rose);
        day(25);
        contacts.suppress(rose.id(), "FINAL_REMOVAL", time.now());
        contacts.suppress(rose.id(), "SOMETHING_ELSE", time.now().plusSeconds(60));

        day(30);
        OutboxMessage skipped = single(messages(rose));
        assertThat(skipped.status()).isEqualTo(MessageStatus.SKIPPED);
        assertThat(skipped.skipReason()).isEqualTo("SUPPRESSED");
        assertThat(offers.ofContact(rose.id())).isEmpty();
        Contact suppressed = contacts.find(rose.id()).orElseThrow();
        assertThat(suppressed.suppressedAt()).isEqualTo(J.plus(Duration.ofDays(25)));
        assertThat(suppressed.suppressionReason()).isEqualTo("FINAL_REMOVAL");

        contacts.liftSuppression(rose.id());
        day(37);

        assertThat(journey).hasPassed("Task_SendRelaunch2").isWaitingAt("Gateway_WaitRelaunch2");
        assertThat(messages(rose).get(0).template()).isEqualTo("relaunch-2");
        assertThat(messages(rose).get(0).status()).isEqualTo(MessageStatus.PENDING);
        assertThat(contacts.find(rose.id()).orElseThrow().suppressedAt()).isNull();
    }

    private EventAccepted unsubscribe(Contact contact, UnsubscribeChannel channel) {
        return events.accept(new EventRequest(contact.id(), null, EventType.UNSUBSCRIBED, null, null, null, null, null,
                channel));
    }

    /** Relaunches 1 and 2 unopened, then the hand-over to the survey, about four months after; returns its time. */
    private Instant handedOverToTheSurvey() {
        day(30);
        day(37);
        Instant handOver = J.plus(Duration.ofDays(37)).atZone(ZoneOffset.UTC).plusMonths(4).toInstant();
        time.travelTo(handOver);
        time.runDueJobs();
        return handOver;
    }

    private void day(int n) {
        time.travelTo(J.plus(Duration.ofDays(n)));
        time.runDueJobs();
    }

    /** Signs a contact up and lets the welcome leave (its delay is PT0S): the journey then waits for J+30. */
    private Contact signUp(String firstName, String locale, boolean emailConsent) {
        Contact contact = signUpOnly(firstName, locale, emailConsent);
        time.runDueJobs();
        assertThat(journeyOf(contact)).hasPassedInOrder("Timer_WelcomeDelay", "Task_SendWelcome")
                .isWaitingAt("Timer_J30");
        return contact;
    }

    private Contact signUpOnly(String firstName, String locale, boolean emailConsent) {
        String externalId = "journey-" + UUID.randomUUID();
        return contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, firstName, locale,
                emailConsent, false)).orElseThrow();
    }

    private ProcessInstance journeyOf(Contact contact) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(Journeys.NEW_SIGNUP_RELAUNCH)
                .processInstanceBusinessKey(String.valueOf(contact.id())).singleResult();
    }

    private EventAccepted post(Contact contact, EventType type, BigDecimal amount, String offerCode, Long messageId) {
        return events.accept(new EventRequest(contact.id(), null, type, null, null, amount, offerCode, messageId));
    }

    /** The journey's messages after the welcome (the welcome has its own tests). */
    private List<OutboxMessage> messages(Contact contact) {
        return outbox.find(contact.id(), null, 50).stream().filter(m -> !"welcome".equals(m.template())).toList();
    }

    private List<OutboxMessage> welcomes(Contact contact) {
        return outbox.find(contact.id(), null, 50).stream().filter(m -> "welcome".equals(m.template())).toList();
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
