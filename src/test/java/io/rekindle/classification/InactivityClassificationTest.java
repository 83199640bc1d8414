package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekindle.contact.EmailStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decisions of dmn/inactivity-classification.dmn, rule by rule and threshold by threshold, on the Camunda DMN
 * engine; every row is also checked against the compiled path. An empty cell is null: "never happened".
 */
class InactivityClassificationTest {

    private static DecisionEvaluator classification;
    private static DecisionEvaluator rfmPriority;
    private static DecisionEvaluator inactivityType;

    @BeforeAll
    static void loadDecisions() {
        byte[] dmn = DmnFiles.read("inactivity-classification.dmn");
        classification = DmnFiles.classification(0);
        rfmPriority = DecisionEvaluator.load(dmn, "rfm-priority", List.of("daysSinceLastPurchase", "purchaseCount", "revenue"), 0);
        inactivityType = DecisionEvaluator.load(dmn, "inactivity-type", List.of("emailStatus", "daysSinceLastOpen", "daysSinceLastClick"), 0);
    }

    @Test
    void everyDecisionOfTheFileCompiles() {
        assertThat(classification.notCompiledReason()).isEmpty();
        assertThat(rfmPriority.notCompiledReason()).isEmpty();
        assertThat(inactivityType.notCompiledReason()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {13}")
    @CsvSource(delimiter = '|', textBlock = """
            # signUp|purchase|visit|open|click|count|revenue|loyalty|email | rule                              | segment         | type       | prio | why
            1096    |        |     |    |     | 0    | 0      |       | VALID | Rule_Lost                         | LOST            | TECHNICAL  | 0    | signed up 36 months + 1 day ago, never did anything
            1095    |        |     |    |     | 0    | 0      |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | signed up exactly 36 months ago: not lost yet
            2000    |        |     | 3  |     | 0    | 0      |       | VALID | Rule_Lost                         | LOST            | COMMERCIAL | 0    | opens alone do not count as activity
            2000    | 1096   | 1200| 5  | 1500| 3    | 250.0  | 0     | VALID | Rule_Lost                         | LOST            | COMMERCIAL | 0    | all own activity older than 1095 days, points stagnate
            2000    | 1095   |     |    |     | 1    | 20.0   |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | a purchase exactly 1095 days ago keeps them from lost
            2000    |        | 1095|    |     | 0    | 0      |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | a visit exactly 1095 days ago keeps them from lost
            2000    |        |     |    | 1095| 0    | 0      |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | a click exactly 1095 days ago keeps them from lost
            2000    |        | 1096|    | 1096| 0    | 0      |       | HARD_BOUNCE | Rule_Lost                   | LOST            | TECHNICAL  | 0    | lost and hard bounced
            2000    |        |     |    |     | 0    | 0      | -3    | VALID | Rule_RecentActivity_LoyaltyPoints | RECENT_ACTIVITY | NONE       | 0    | spent loyalty points: not lost
            2000    |        |     |    |     | 0    | 0      | 1     | VALID | Rule_RecentActivity_LoyaltyPoints | RECENT_ACTIVITY | NONE       | 0    | earned one loyalty point
            400     |        |     |    |     | 0    | 0      | 0     | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | stagnating points are no activity
            400     | 90     |     |    |     | 2    | 80.0   |       | VALID | Rule_Engaged_RecentPurchase       | ENGAGED         | NONE       | 0    | bought 90 days ago
            400     | 91     |     |    |     | 2    | 80.0   |       | VALID | Rule_Disengaged_Purchase          | DISENGAGED      | TECHNICAL  | 3    | bought 91 days ago
            400     | 0      |     |    |     | 1    | 10.0   |       | HARD_BOUNCE | Rule_Engaged_RecentPurchase | ENGAGED         | NONE       | 0    | buyers are engaged even when email bounces
            400     |        | 90  |    |     | 0    | 0      |       | VALID | Rule_RecentActivity_Visit         | RECENT_ACTIVITY | NONE       | 0    | visited 90 days ago
            400     |        | 91  |    |     | 0    | 0      |       | VALID | Rule_Disengaged_Visit             | DISENGAGED      | TECHNICAL  | 1    | visited 91 days ago
            400     |        |     | 10 | 90  | 0    | 0      |       | VALID | Rule_RecentActivity_Click         | RECENT_ACTIVITY | NONE       | 0    | clicked 90 days ago
            400     |        |     | 10 | 91  | 0    | 0      |       | VALID | Rule_Disengaged_Click             | DISENGAGED      | COMMERCIAL | 1    | clicked 91 days ago, still opens
            29      |        |     |    |     | 0    | 0      |       | VALID | Rule_RecentActivity_NewSignUp     | RECENT_ACTIVITY | NONE       | 0    | signed up 29 days ago
            30      |        |     |    |     | 0    | 0      |       | VALID | Rule_NewInactive                  | NEW_INACTIVE    | TECHNICAL  | 1    | signed up 30 days ago, nothing since
            179     |        |     | 20 |     | 0    | 0      |       | VALID | Rule_NewInactive                  | NEW_INACTIVE    | COMMERCIAL | 1    | signed up 179 days ago, opens but never visits
            180     |        |     |    |     | 0    | 0      |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | signed up 180 days ago: no longer new
            150     |        | 120 |    |     | 0    | 0      |       | VALID | Rule_Disengaged_Visit             | DISENGAGED      | TECHNICAL  | 1    | new sign-up who came back once is not new inactive
            400     | 180    |     |    |     | 1    | 30.0   |       | VALID | Rule_Disengaged_Purchase          | DISENGAGED      | TECHNICAL  | 3    | bought 180 days ago
            400     | 181    |     |    |     | 1    | 30.0   |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 3    | bought 181 days ago
            400     |        | 180 |    |     | 0    | 0      |       | VALID | Rule_Disengaged_Visit             | DISENGAGED      | TECHNICAL  | 1    | visited 180 days ago
            400     |        | 181 |    |     | 0    | 0      |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | visited 181 days ago
            400     |        |     |    | 180 | 0    | 0      |       | VALID | Rule_Disengaged_Click             | DISENGAGED      | COMMERCIAL | 1    | clicked 180 days ago
            400     |        |     |    | 181 | 0    | 0      |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | clicked 181 days ago
            500     | 400    |     | 30 |     | 3    | 300.0  |       | SOFT_BOUNCE | Rule_Inactive               | INACTIVE        | COMMERCIAL | 4    | valuable repeat buyer who only opens
            500     | 200    |     |    |     | 5    | 500.0  |       | VALID | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 5    | loyal big spender gone quiet
                    |        |     |    |     |      |        |       |       | Rule_Inactive                     | INACTIVE        | TECHNICAL  | 1    | nothing known at all
            """)
    void classifiesEachRuleAndThreshold(Integer signUp, Integer purchase, Integer visit, Integer open, Integer click,
                                        Integer count, Double revenue, Integer loyalty, EmailStatus email,
                                        String rule, String segment, String type, int priority, String why) {
        ClassificationInput input = new ClassificationInput(signUp, purchase, visit, open, click, count, revenue, loyalty, email);
        Object[] values = ClassificationEvaluator.values(input);

        DecisionOutcome engine = classification.evaluateWithEngine(values);
        ClassificationResult result = ClassificationEvaluator.toResult(engine);

        assertThat(result.matchedRule().ruleId()).as(why).isEqualTo(rule);
        assertThat(result.matchedRule().annotation()).isNotBlank();
        assertThat(result.segment()).isEqualTo(segment);
        assertThat(result.inactivityType()).isEqualTo(type);
        assertThat(result.priority()).isEqualTo(priority);
        assertThat(classification.evaluateCompiled(values)).contains(engine);
    }

    /** The rule on a customer's own reorder cadence and its edges; the other inputs as an engaged buyer's. */
    @ParameterizedTest(name = "[{index}] {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # purchase | usual | overdue | rule                             | segment    | why
            60         | 20    | 40      | Rule_Disengaged_OverdueVsCadence | DISENGAGED | usually every 20 days, nothing for 60: at risk
            60         | 30    | 30      | Rule_Disengaged_OverdueVsCadence | DISENGAGED | every edge: usual 30, overdue 30
            90         | 30    | 60      | Rule_Disengaged_OverdueVsCadence | DISENGAGED | last purchase 90 days ago, the edge
            59         | 30    | 29      | Rule_Engaged_RecentPurchase      | ENGAGED    | a day short of 30 overdue
            61         | 31    | 30      | Rule_Engaged_RecentPurchase      | ENGAGED    | usual interval of 31 days is not "regular"
            10         | 20    | -10     | Rule_Engaged_RecentPurchase      | ENGAGED    | next purchase not due yet
            60         |       |         | Rule_Engaged_RecentPurchase      | ENGAGED    | fewer than two gaps: no cadence
            60         | 20    |         | Rule_Engaged_RecentPurchase      | ENGAGED    | no overdue figure
            91         | 30    | 61      | Rule_Disengaged_Purchase         | DISENGAGED | over 90 days: the fixed thresholds decide
            200        | 20    | 180     | Rule_Inactive                    | INACTIVE   | long gone: inactive, not "at risk"
            """)
    void classifiesByTheirOwnCadence(Integer purchase, Integer usual, Integer overdue, String rule, String segment,
                                     String why) {
        ClassificationInput input = new ClassificationInput(400, purchase, null, null, null, 6, 300.0, null,
                EmailStatus.VALID, usual, overdue);
        Object[] values = ClassificationEvaluator.values(input);

        DecisionOutcome engine = classification.evaluateWithEngine(values);
        ClassificationResult result = ClassificationEvaluator.toResult(engine);

        assertThat(result.matchedRule().ruleId()).as(why).isEqualTo(rule);
        assertThat(result.matchedRule().annotation()).isNotBlank();
        assertThat(result.segment()).isEqualTo(segment);
        assertThat(classification.evaluateCompiled(values)).contains(engine);
    }

    @ParameterizedTest(name = "[{index}] {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # purchase | count | revenue  | rule                          | score | why
                       | 0     | 0        | Rule_Rfm_NeverBought          | 1     | never bought
                       | 9     | 9000     | Rule_Rfm_NeverBought          | 1     | no purchase date wins over counts
            365        | 5     | 500      | Rule_Rfm_LoyalBigSpender      | 5     | every edge of the top band
            366        | 5     | 500      | Rule_Rfm_ValuableRepeatBuyer  | 4     | a day too old for the top band
            100        | 4     | 9000     | Rule_Rfm_ValuableRepeatBuyer  | 4     | one purchase short of the top band
            100        | 5     | 499.99   | Rule_Rfm_ValuableRepeatBuyer  | 4     | a cent short of the top band
            730        | 2     | 200      | Rule_Rfm_ValuableRepeatBuyer  | 4     | every edge of band 4
            731        | 2     | 200      | Rule_Rfm_OlderRepeatBuyer     | 2     | a day too old for band 4
            400        | 2     | 199.99   | Rule_Rfm_OlderRepeatBuyer     | 2     | a cent short of band 4
            300        | 1     | 1000     | Rule_Rfm_RecentBuyer          | 3     | one-off buyer within a year
            365        |       |          | Rule_Rfm_RecentBuyer          | 3     | unknown count and revenue, recent purchase
            366        | 2     | 10       | Rule_Rfm_OlderRepeatBuyer     | 2     | lower edge of the older band
            1095       | 2     | 10       | Rule_Rfm_OlderRepeatBuyer     | 2     | upper edge of the older band
            1096       | 2     | 10       | Rule_Rfm_Other                | 1     | over 3 years
            400        | 1     | 1000     | Rule_Rfm_Other                | 1     | one-off buyer over a year ago
            400        |       |          | Rule_Rfm_Other                | 1     | unknown count and revenue
            """)
    void scoresRfmPriority(Integer purchase, Integer count, Double revenue, String rule, int score, String why) {
        DecisionOutcome engine = rfmPriority.evaluateWithEngine(purchase, count, revenue);

        assertThat(engine.rootRule()).map(MatchedRule::ruleId).as(why).contains(rule);
        assertThat(engine.outputs()).containsEntry("rfmPriority", score);
        assertThat(rfmPriority.evaluateCompiled(purchase, count, revenue)).contains(engine);
    }

    @ParameterizedTest(name = "[{index}] {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # email     | open | click | rule                           | type       | why
            HARD_BOUNCE | 1    | 1     | Rule_Type_HardBounce           | TECHNICAL  | cannot be reached, whatever they opened
            VALID       |      |       | Rule_Type_NoEmailReaction      | TECHNICAL  | never opened nor clicked
            VALID       | 181  | 181   | Rule_Type_NoEmailReaction      | TECHNICAL  | no reaction for 181 days
            VALID       | 181  |       | Rule_Type_NoEmailReaction      | TECHNICAL  | last open 181 days ago, never clicked
            VALID       | 180  |       | Rule_Type_ReactsWithoutBuying  | COMMERCIAL | opened 180 days ago
            VALID       |      | 180   | Rule_Type_ReactsWithoutBuying  | COMMERCIAL | clicked with images blocked
            SOFT_BOUNCE | 10   |       | Rule_Type_ReactsWithoutBuying  | COMMERCIAL | a soft bounce is still reachable
                        | 10   |       | Rule_Type_ReactsWithoutBuying  | COMMERCIAL | unknown status, reacts
            """)
    void tellsTechnicalFromCommercialInactivity(String email, Integer open, Integer click, String rule, String type, String why) {
        DecisionOutcome engine = inactivityType.evaluateWithEngine(email, open, click);

        assertThat(engine.rootRule()).map(MatchedRule::ruleId).as(why).contains(rule);
        assertThat(engine.outputs()).containsEntry("technicalOrCommercial", type);
        assertThat(inactivityType.evaluateCompiled(email, open, click)).contains(engine);
    }
}
