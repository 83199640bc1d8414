package io.rekindle.survey;

import java.util.Map;

import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import io.rekindle.journey.Journeys;
import io.rekindle.journey.StepInputs;

/**
 * "Send survey email": like {@code sendEmail}, plus the signed link ({@code surveyUrl}) to the survey
 * page of this very survey instance. Input (set in the Modeler): {@code template}.
 */
@Component("sendSurveyEmail")
@StepInputs(Journeys.INPUT_TEMPLATE)
class SendSurveyEmailDelegate implements JavaDelegate {

    private final OutboxService outbox;
    private final SurveyLinks links;

    SendSurveyEmailDelegate(OutboxService outbox, SurveyLinks links) {
        this.outbox = outbox;
        this.links = links;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = String.valueOf(execution.getVariableLocal(Journeys.INPUT_TEMPLATE));
        long contactId = (Long) execution.getVariable(Journeys.VAR_CONTACT_ID);
        String survey = execution.getProcessInstanceId();
        outbox.enqueueEmail(new EmailRequest(survey + ":" + execution.getCurrentActivityId(), contactId, template,
                false, Journeys.SATISFACTION_SURVEY, survey, execution.getCurrentActivityId(),
                Map.of("surveyUrl", links.urlFor(contactId, survey))));
    }
}
