package io.rekindle.survey;

import io.rekindle.engine.Variable;
import io.rekindle.journey.Journeys;

/** The variables of the satisfaction survey ({@code bpmn/satisfaction-survey.bpmn}), typed. */
final class SurveyVariables {

    static final Variable<Long> CONTACT_ID = Journeys.CONTACT_ID;
    // surveyFollowUp and surveyOutcome are written by the diagram and its decision, not by code (see Journeys)

    private SurveyVariables() {
    }
}
