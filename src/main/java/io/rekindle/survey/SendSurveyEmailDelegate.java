package io.rekindle.survey;

import java.util.Map;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.Step;
import io.rekindle.experiment.Holdouts;
import io.rekindle.experiment.Variants;
import io.rekindle.journey.Journeys;
import io.rekindle.journey.StepInputs;
import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;

import org.springframework.stereotype.Component;

/**
 * "Send survey email": like {@code sendEmail}, plus the signed link ({@code surveyUrl}) to the survey
 * page of this very survey instance. Input (set in the Modeler): {@code template}.
 */
@Component("sendSurveyEmail")
@StepInputs(Journeys.INPUT_TEMPLATE)
class SendSurveyEmailDelegate extends JourneyStep {

    private final OutboxService outbox;
    private final SurveyLinks links;

    SendSurveyEmailDelegate(OutboxService outbox, SurveyLinks links) {
        this.outbox = outbox;
        this.links = links;
    }

    @Override
    protected void run(Step step) {
        String template = String.valueOf(step.input(Journeys.INPUT_TEMPLATE));
        long contactId = step.get(SurveyVariables.CONTACT_ID);
        String survey = step.processInstanceId();
        outbox.enqueueEmail(new EmailRequest(survey + ":" + step.activityId(), contactId, template,
                false, Journeys.SATISFACTION_SURVEY, survey, step.activityId(),
                Map.of("surveyUrl", links.urlFor(contactId, survey)))
                .withExperiment(step.variable(Variants.VAR_EXPERIMENT), step.variable(Variants.VAR_ARM)),
                step.variable(Holdouts.VAR_ARM));
    }
}
