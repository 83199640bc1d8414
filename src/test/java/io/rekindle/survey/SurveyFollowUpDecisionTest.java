package io.rekindle.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.rekindle.classification.DecisionEvaluator;
import io.rekindle.classification.DecisionOutcome;
import io.rekindle.classification.MatchedRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dmn/survey-follow-up.dmn on the Camunda DMN engine, rule by rule, with empty answers (null) where
 * the journey can produce them. An empty cell is null.
 */
class SurveyFollowUpDecisionTest {

    private static DecisionEvaluator followUp;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SurveyFollowUpDecisionTest.class.getClassLoader()
                .getResourceAsStream("dmn/survey-follow-up.dmn")) {
            followUp = DecisionEvaluator.load(in.readAllBytes(), "survey-follow-up",
                    List.of("answered", "whyNoPurchase", "orderingProblem", "satisfiedWithLastPurchase"), 0);
        }
    }

    @ParameterizedTest(name = "[{index}] {6}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            # answered | why               | problem | satisfied    | rule                                | action                | why
            false      |                   |         |              | Rule_Survey_NoAnswer                | REMOVE                | the wait ran out without an answer
                       |                   |         |              | Rule_Survey_NoAnswer                | REMOVE                | nothing known at all counts as no answer
            false      | PRICE             | YES     | NO           | Rule_Survey_NoAnswer                | REMOVE                | not answered wins over any stray input
            true       | TECHNICAL_PROBLEM | NO      | NEVER_BOUGHT | Rule_Survey_TechnicalProblem        | CUSTOMER_SERVICE_TASK | technical problem is the reason
            true       | TECHNICAL_PROBLEM | YES     | YES          | Rule_Survey_TechnicalProblem        | CUSTOMER_SERVICE_TASK | technical problem and ordering problem
            true       | PRICE             | YES     | YES          | Rule_Survey_OrderingProblem         | CUSTOMER_SERVICE_TASK | an ordering problem comes before price
            true       | NOT_INTERESTED    | YES     | YES          | Rule_Survey_OrderingProblem         | CUSTOMER_SERVICE_TASK | an ordering problem comes before lost interest
            true       | PRICE             | NO      | YES          | Rule_Survey_Price                   | SEND_OFFER            | price, happy buyer
            true       | PRICE             |         |              | Rule_Survey_Price                   | SEND_OFFER            | price, other answers empty
            true       | PRICE             | NO      | NO           | Rule_Survey_Price                   | SEND_OFFER            | price wins over an unhappy last purchase
            true       | NOT_INTERESTED    | NO      | NEVER_BOUGHT | Rule_Survey_NotInterested           | REMOVE                | not interested any more
            true       | NOT_INTERESTED    | NO      | NO           | Rule_Survey_NotInterested           | REMOVE                | not interested wins over an unhappy last purchase
            true       | OTHER             | NO      | NO           | Rule_Survey_UnhappyWithLastPurchase | CUSTOMER_SERVICE_TASK | other reason, unhappy with the last purchase
            true       |                   |         | NO           | Rule_Survey_UnhappyWithLastPurchase | CUSTOMER_SERVICE_TASK | only the satisfaction answer known
            true       | OTHER             | NO      | YES          | Rule_Survey_Other                   | NO_ACTION             | other reason, happy
            true       | OTHER             | NO      | NEVER_BOUGHT | Rule_Survey_Other                   | NO_ACTION             | other reason, never bought
            true       |                   |         |              | Rule_Survey_Other                   | NO_ACTION             | answered but every answer empty
            """)
    void picksTheFollowUp(Boolean answered, String why, String problem, String satisfied, String rule, String action,
            String description) {
        DecisionOutcome outcome = followUp.evaluateWithEngine(answered, why, problem, satisfied);

        assertThat(outcome.rootRule()).map(MatchedRule::ruleId).as(description).contains(rule);
        assertThat(outcome.rootRule().orElseThrow().annotation()).isNotBlank();
        assertThat(outcome.outputs()).containsEntry("action", action);
    }
}
