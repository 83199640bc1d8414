package io.rekindle.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import io.rekindle.classification.DecisionEvaluator;
import io.rekindle.classification.DecisionOutcome;
import io.rekindle.classification.MatchedRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dmn/marketing-pressure.dmn, every rule and its edges (names differing by case or a prefix, the empty segment), on
 * the Camunda DMN engine and on the compiled path. An empty cell is null.
 */
class MarketingPressureTableTest {

    private static DecisionEvaluator table;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MarketingPressureTableTest.class.getClassLoader()
                .getResourceAsStream("dmn/marketing-pressure.dmn")) {
            table = DecisionEvaluator.load(in.readAllBytes(), PressureTable.DECISION_ID, PressureTable.VARIABLES, 0);
        }
        assertThat(table.notCompiledReason()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {4}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            # segment       | rule                         | max | days | why
            ENGAGED         | Rule_Pressure_Engaged        | 3   | 7    | engaged contacts welcome news
            RECENT_ACTIVITY | Rule_Pressure_RecentActivity | 2   | 7    | recent activity: the cap before segments
            DISENGAGED      | Rule_Pressure_Disengaged     | 1   | 7    | disengaged: ease off
            INACTIVE        | Rule_Pressure_Inactive       | 1   | 14   | inactive: one a fortnight
            NEW_INACTIVE    | Rule_Pressure_Inactive       | 1   | 14   | newly inactive: as inactive
            LOST            | Rule_Pressure_Lost           | 1   | 30   | lost: one a month
                            | Rule_Pressure_Default        | 2   | 7    | not classified yet
            engaged         | Rule_Pressure_Default        | 2   | 7    | segments are upper case: another case is unknown
            INACTIVE_       | Rule_Pressure_Default        | 2   | 7    | a longer name is not INACTIVE
            NEW             | Rule_Pressure_Default        | 2   | 7    | a prefix of NEW_INACTIVE is not it
            SOMETHING_ELSE  | Rule_Pressure_Default        | 2   | 7    | a segment the table does not name
            """)
    void givesTheLimitOfTheSegment(String segment, String rule, int max, int days, String why) {
        DecisionOutcome engine = table.evaluateWithEngine(segment);

        assertThat(engine.rootRule()).map(MatchedRule::ruleId).as(why).contains(rule);
        assertThat(engine.rootRule()).map(MatchedRule::annotation).as("annotated").get().asString().isNotBlank();
        assertThat(((Number) engine.outputs().get("maxMessages")).intValue()).as(why).isEqualTo(max);
        assertThat(((Number) engine.outputs().get("periodDays")).intValue()).as(why).isEqualTo(days);
        assertThat(table.evaluateCompiled(segment)).contains(engine);
    }
}
