package io.rekindle.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.rekindle.outbox.MessageStatus;
import io.rekindle.outbox.OutboxMessage;
import io.rekindle.outbox.OutboxService;
import io.rekindle.contact.Contact;
import io.rekindle.contact.ContactActivity;
import io.rekindle.contact.ContactService;
import io.rekindle.contact.EventType;
import io.rekindle.contact.SignUpRequest;
import io.rekindle.offer.Offer;
import io.rekindle.offer.OfferService;
import io.rekindle.support.TimeMachine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import io.rekindle.journey.Journeys;

/**
 * The satisfaction survey, path by path, on the real engine, CRM and decision: each test asserts the
 * path, the outcome handed to the caller and what the journey left behind (emails, offers, tasks).
 * Answers go through {@link SurveyService}, what the survey page calls. S = survey start, 1 June 2026.
 */
@SpringBootTest
@ActiveProfiles("test")
public class SatisfactionSurveyJourneyTest {

    private static final Instant S = Instant.parse("2026-06-01T08:00:00Z");
    private static final Pattern LINK = Pattern.compile("/survey/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    @Autowired
    ProcessEngine engine;
    @Autowired
    ContactService contacts;
    @Autowired
    OutboxService outbox;
    @Autowired
    OfferService offers;
    @Autowired
    SurveyService surveys;
    @Autowired
    ContactActivity activity;

    TimeMachine time;

    @BeforeEach
    void setUp() {
        init(engine);
        time = new TimeMachine(engine.getManagementService());
        time.travelTo(S);
    }

    @AfterEach
    void resetClock() {
        TimeMachine.reset();
    }

    @Test
    void theSurveyEmailCarriesAPersonalSignedLinkAndTheJourneyWaits() {
        Contact marie = contact("Marie", "fr");
        ProcessInstance survey = startSurvey(marie);

        OutboxMessage invitation = single(messages(marie));
        assertThat(survey).hasPassedInOrder("StartEvent_SurveyRequested", "Task_SendSurveyEmail")
                .isWaitingAt("Gateway_WaitSurveyAnswer");
        assertThat(invitation.template()).isEqualTo("survey-invitation");
        assertThat(invitation.status()).isEqualTo(MessageStatus.PENDING);
        assertThat(invitation.subject()).isEqualTo("Donnez-nous votre avis, Marie");
        assertThat(invitation.bodyText()).contains("Bonjour Marie").contains("http://localhost:8080/survey/");
        assertThat(invitation.bodyHtml()).contains("href=\"http://localhost:8080/survey/" + token(invitation));
        assertThat(surveys.page(token(invitation))).hasValueSatisfying(page -> {
            assertThat(page.locale()).isEqualTo("fr");
            assertThat(page.alreadyAnswered()).isFalse();
        });
    }

    @Test
    void aTechnicalProblemGoesToCustomerServiceWithTheAnswersInTheTaskForm() {
        Contact paul = contact("Paul", "en");
        ProcessInstance survey = startSurvey(paul);
        time.travelTo(S.plus(Duration.ofDays(3)));

        answer(paul, new SurveyForm("TECHNICAL_PROBLEM", "YES", "NEVER_BOUGHT", "The payment page kept failing"));

        assertThat(survey).hasPassedInOrder("Task_SendSurveyEmail", "Event_SurveyAnswered", "Task_DecideFollowUp",
                "Gateway_WhichFollowUp").hasNotPassed("Timer_SurveyAnswerWait").isWaitingAt("Task_HandleSurveyAnswers");
        Task task = engine.getTaskService().createTaskQuery().processInstanceId(survey.getId()).singleResult();
        assertThat(engine.getTaskService().createTaskQuery().taskCandidateGroup("customer-service")
                .processInstanceId(survey.getId()).count()).isEqualTo(1);
        assertThat(engine.getTaskService().getIdentityLinksForTask(task.getId()))
                .extracting(IdentityLink::getGroupId).containsExactly("customer-service");
        Map<String, Object> form = engine.getFormService().getTaskFormData(task.getId()).getFormFields().stream()
                .collect(Collectors.toMap(FormField::getId, f -> f.getValue().getValue()));
        assertThat(form).containsEntry("contactId", paul.id())
                .containsEntry("answerWhyNoPurchase", "TECHNICAL_PROBLEM")
                .containsEntry("answerOrderingProblem", "YES")
                .containsEntry("answerSatisfiedWithLastPurchase", "NEVER_BOUGHT")
                .containsEntry("answerFreeText", "The payment page kept failing")
                .containsEntry("answerAnsweredAt", "2026-06-04 10:00");
        // the answers live in the CRM, not in the journey
        assertThat(engine.getRuntimeService().getVariables(survey.getId()))
                .containsOnlyKeys("contactId", "cameBackSinceSurveyStart", "surveyFollowUp")
                .containsEntry("cameBackSinceSurveyStart", false)
                .containsEntry("surveyFollowUp", "CUSTOMER_SERVICE_TASK");

        engine.getTaskService().complete(task.getId());

        assertThat(survey).hasPassed("EndEvent_CustomerServiceHandled").isEnded();
        assertThat(outcome(survey)).isEqualTo("CUSTOMER_SERVICE");
        assertThat(messages(paul)).extracting(OutboxMessage::template).containsExactly("survey-invitation");
    }

    @Test
    void priceGetsAnOfferEmailWithAPersonalCode() {
        Contact lea = contact("Léa", "fr");
        ProcessInstance survey = startSurvey(lea);
        time.travelTo(S.plus(Duration.ofDays(1)));

        answer(lea, new SurveyForm("PRICE", "NO", "YES", null));
        assertThat(survey).isWaitingAt("Task_SendSurveyOffer");
        time.runDueJobs();

        assertThat(survey).hasPassedInOrder("Event_SurveyAnswered", "Task_CheckActivitySinceSurveyStart",
                "Gateway_CameBackSinceSurveyStart", "Task_DecideFollowUp", "Task_SendSurveyOffer", "EndEvent_OfferSent")
                .hasNotPassed("EndEvent_CameBackNoFollowUp").isEnded();
        assertThat(outcome(survey)).isEqualTo("OFFER_SENT");
        OutboxMessage offerEmail = messages(lea).get(0);
        Offer offer = single(offers.ofContact(lea.id()));
        assertThat(offerEmail.template()).isEqualTo("survey-offer");
        assertThat(offerEmail.subject()).isEqualTo("Léa, merci pour votre avis : une offre pour vous");
        assertThat(offerEmail.offerCode()).isEqualTo(offer.code()).matches("RK-[A-Z2-9]{8}");
        assertThat(offerEmail.bodyText()).contains(offer.code()).contains("10 %");
        assertThat(offerEmail.bodyHtml()).contains(offer.code());
        assertThat(offer.validFrom()).isEqualTo(S.plus(Duration.ofDays(1)));
    }

    @Test
    void aPurchaseThatReachedNoJourneyWhileTheSurveyWaitedMeansNoOfferForAPriceAnswer() {
        Contact ana = contact("Ana", "fr");
        ProcessInstance survey = startSurvey(ana);
        time.travelTo(S.plus(Duration.ofDays(2)));
        // stored in the CRM while nothing waited for a purchase: the survey waits for its answer only
        activity.record(ana.id(), EventType.PURCHASE, time.now(), "order-" + UUID.randomUUID(),
                new BigDecimal("38.00"), null, null);
        assertThat(survey).isWaitingAt("Gateway_WaitSurveyAnswer");
        time.travelTo(S.plus(Duration.ofDays(3)));

        answer(ana, new SurveyForm("PRICE", "NO", "YES", null));
        time.runDueJobs();

        assertThat(survey).hasPassedInOrder("Event_SurveyAnswered", "Task_CheckActivitySinceSurveyStart",
                "Gateway_CameBackSinceSurveyStart", "EndEvent_CameBackNoFollowUp")
                .hasNotPassed("Task_DecideFollowUp", "Task_SendSurveyOffer", "Task_HandleSurveyAnswers").isEnded();
        assertThat(outcome(survey)).isEqualTo("NO_ACTION");
        assertThat(messages(ana)).extracting(OutboxMessage::template).containsExactly("survey-invitation");
        assertThat(offers.ofContact(ana.id())).isEmpty();
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(survey.getId()).count()).isZero();
    }

    @Test
    void notInterestedAnyMoreEndsWithRemoval() {
        Contact tom = contact("Tom", "en");
        ProcessInstance survey = startSurvey(tom);

        answer(tom, new SurveyForm("NOT_INTERESTED", "NO", "YES", "Moved abroad"));

        assertThat(survey).hasPassedInOrder("Event_SurveyAnswered", "Task_DecideFollowUp", "EndEvent_RemovalAdvised")
                .hasNotPassed("Task_SendSurveyOffer", "Task_HandleSurveyAnswers").isEnded();
        assertThat(outcome(survey)).isEqualTo("REMOVE");
        assertThat(messages(tom)).hasSize(1);
        assertThat(offers.ofContact(tom.id())).isEmpty();
    }

    @Test
    void anotherReasonWithAHappyLastPurchaseNeedsNoFollowUp() {
        Contact eve = contact("Eve", "en");
        ProcessInstance survey = startSurvey(eve);

        answer(eve, new SurveyForm("OTHER", "NO", "YES", null));

        assertThat(survey).hasPassed("EndEvent_NoFollowUp").hasNotPassed("EndEvent_RemovalAdvised").isEnded();
        assertThat(outcome(survey)).isEqualTo("NO_ACTION");
    }

    @Test
    void noAnswerAfter14DaysMeansRemoval_notOneDayBefore_andTheCallerGetsTheOutcome() {
        Contact zoe = contact("Zoé", "fr");
        ProcessInstance caller = startThroughCallActivity(zoe);
        ProcessInstance survey = engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(caller.getId()).singleResult();
        assertThat(survey.getBusinessKey()).isEqualTo(String.valueOf(zoe.id()));
        time.runDueJobs();
        String token = token(single(messages(zoe)));

        time.travelTo(S.plus(Duration.ofDays(13)));
        time.runDueJobs();
        assertThat(survey).isWaitingAt("Gateway_WaitSurveyAnswer");

        time.travelTo(S.plus(Duration.ofDays(14)));
        time.runDueJobs();
        assertThat(survey).hasPassedInOrder("Gateway_WaitSurveyAnswer", "Timer_SurveyAnswerWait",
                "Task_DecideFollowUp", "EndEvent_RemovalAdvised").hasNotPassed("Event_SurveyAnswered").isEnded();
        assertThat(caller).isWaitingAt("Task_AfterSurvey").variables().containsEntry("surveyOutcome", "REMOVE");

        // a late answer (the link is still valid) is kept in the CRM and moves nothing
        SurveyService.Submission late = surveys.submit(token, new SurveyForm("PRICE", "NO", "YES", null));
        assertThat(late.outcome()).isEqualTo(SurveyService.Outcome.THANKS);
        assertThat(surveys.answerOf(survey.getId())).isPresent();
        assertThat(messages(zoe)).hasSize(1);
    }

    private void answer(Contact contact, SurveyForm form) {
        String token = token(messages(contact).get(messages(contact).size() - 1));
        assertThat(surveys.submit(token, form).outcome()).isEqualTo(SurveyService.Outcome.THANKS);
        SurveyAnswer stored = surveys.answerOf(
                engine.getHistoryService().createHistoricProcessInstanceQuery()
                        .processDefinitionKey(Journeys.SATISFACTION_SURVEY)
                        .processInstanceBusinessKey(String.valueOf(contact.id())).singleResult().getId())
                .orElseThrow();
        assertThat(stored.contactId()).isEqualTo(contact.id());
        assertThat(stored.whyNoPurchase().name()).isEqualTo(form.whyNoPurchase());
        assertThat(stored.answeredAt()).isEqualTo(time.now());
    }

    private ProcessInstance startSurvey(Contact contact) {
        ProcessInstance survey = engine.getRuntimeService().startProcessInstanceByKey(Journeys.SATISFACTION_SURVEY,
                String.valueOf(contact.id()), Map.of(Journeys.VAR_CONTACT_ID, contact.id()));
        time.runDueJobs();
        return survey;
    }

    /** The contract: a caller passes the business key and contactId, and reads surveyOutcome back. */
    private ProcessInstance startThroughCallActivity(Contact contact) {
        var caller = Bpmn.createExecutableProcess("survey-caller-test").camundaHistoryTimeToLive(1)
                .startEvent()
                .callActivity("Call_Survey").calledElement(Journeys.SATISFACTION_SURVEY)
                .camundaInBusinessKey("#{execution.processBusinessKey}")
                .camundaIn("contactId", "contactId").camundaOut("surveyOutcome", "surveyOutcome")
                .userTask("Task_AfterSurvey")
                .endEvent()
                .done();
        engine.getRepositoryService().createDeployment().addModelInstance("survey-caller-test.bpmn", caller)
                .enableDuplicateFiltering(false).deploy();
        return engine.getRuntimeService().startProcessInstanceByKey("survey-caller-test", String.valueOf(contact.id()),
                Map.of(Journeys.VAR_CONTACT_ID, contact.id()));
    }

    private String outcome(ProcessInstance survey) {
        return (String) engine.getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(survey.getId()).variableName(Journeys.VAR_SURVEY_OUTCOME).singleResult().getValue();
    }

    private Contact contact(String firstName, String locale) {
        String externalId = "survey-" + UUID.randomUUID();
        return contacts.signUp(new SignUpRequest(externalId, externalId + "@example.com", null, firstName, locale,
                true, false)).orElseThrow();
    }

    /** The survey's messages (the contact's sign-up also started the relaunch, whose welcome is not tested here). */
    private List<OutboxMessage> messages(Contact contact) {
        return outbox.find(contact.id(), null, 50).stream()
                .filter(m -> !io.rekindle.support.Welcomes.TEMPLATE.equals(m.template())).toList();
    }

    public static String token(OutboxMessage message) {
        Matcher link = LINK.matcher(message.bodyText());
        assertThat(link.find()).as("a survey link in " + message.bodyText()).isTrue();
        return link.group(1);
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
