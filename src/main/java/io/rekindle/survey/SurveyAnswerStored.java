package io.rekindle.survey;

/**
 * Published, inside the storing transaction, when a survey answer lands in the CRM: the journey
 * side correlates it to the waiting survey. Carries ids only.
 */
public record SurveyAnswerStored(long contactId, String surveyProcessInstanceId) {
}
