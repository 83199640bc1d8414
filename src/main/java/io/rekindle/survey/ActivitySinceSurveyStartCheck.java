package io.rekindle.survey;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.ProcessHistory;
import io.rekindle.engine.Step;
import io.rekindle.journey.Reactivation;

import org.springframework.stereotype.Component;

/**
 * "Check activity since survey start": after the wait for the answer, reads the CRM (a purchase, visit or click, as
 * the win-back counts them), so a comeback that reached no journey still stops the offer, the customer-service task
 * and the removal. The caller read the CRM up to the survey's start; the survey reads from there.
 */
@Component("activitySinceSurveyStart")
class ActivitySinceSurveyStartCheck extends JourneyStep {

    private final Reactivation reactivation;
    private final ProcessHistory history;

    ActivitySinceSurveyStartCheck(Reactivation reactivation, ProcessHistory history) {
        this.reactivation = reactivation;
        this.history = history;
    }

    @Override
    protected void run(Step step) {
        step.set(SurveyVariables.CAME_BACK_SINCE_START, reactivation.cameBackSince(step.get(SurveyVariables.CONTACT_ID),
                history.startedAt(step.processInstanceId())));
    }
}
