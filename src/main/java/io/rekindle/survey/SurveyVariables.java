package io.rekindle.survey;

import io.rekindle.engine.Variable;
import io.rekindle.journey.Journeys;

/** The variables of the satisfaction survey ({@code bpmn/satisfaction-survey.bpmn}), typed. */
final class SurveyVariables {

    static final Variable<Long> CONTACT_ID = Journeys.CONTACT_ID;
    /** Bought, visited or clicked since the survey started, as read from the CRM after the wait for the answer. */
    static final Variable<Boolean> CAME_BACK_SINCE_START = Variable.of("cameBackSinceSurveyStart", Boolean.class);
    // surveyFollowUp and surveyOutcome are written by the diagram and its decision, not by code (see Journeys)

    private SurveyVariables() {
    }
}
