package io.rekindle.survey;

import java.time.Instant;

/** What a contact answered to one satisfaction survey, as the CRM holds it. */
public record SurveyAnswer(
        long id,
        long contactId,
        String surveyProcessInstanceId,
        WhyNoPurchase whyNoPurchase,
        YesNo orderingProblem,
        Satisfaction satisfiedWithLastPurchase,
        String freeText,
        Instant answeredAt) {

    public enum WhyNoPurchase { PRICE, TECHNICAL_PROBLEM, NOT_INTERESTED, OTHER }

    public enum YesNo { YES, NO }

    public enum Satisfaction { YES, NO, NEVER_BOUGHT }
}
