package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rekindle.contact.EmailStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationEvaluatorTest {

    private static final ClassificationInput LOYAL_BUYER_GONE_QUIET =
            new ClassificationInput(900, 200, 300, 20, null, 6, 750.0, 0, EmailStatus.VALID);

    @Test
    void classifiesAndExplainsWithTheShippedDecision() {
        ClassificationEvaluator evaluator = ClassificationEvaluator.fromClasspath();

        ClassificationResult result = evaluator.evaluate(LOYAL_BUYER_GONE_QUIET);

        assertThat(result.segment()).isEqualTo("INACTIVE");
        assertThat(result.inactivityType()).isEqualTo("COMMERCIAL");
        assertThat(result.priority()).isEqualTo(5);
        assertThat(result.matchedRule().ruleId()).isEqualTo("Rule_Inactive");
        assertThat(result.matchedRule().annotation()).startsWith("Inactive:");
        assertThat(result.explanation()).extracting(MatchedRule::ruleId)
                .containsExactly("Rule_Rfm_LoyalBigSpender", "Rule_Type_ReactsWithoutBuying", "Rule_Inactive");
        assertThat(evaluator.decision().isCompiled()).isTrue();
        assertThat(evaluator.decision().engineEvaluations()).isZero();
    }

    @Test
    void aDecisionVersionTheCompilerDoesNotKnowIsEvaluatedByTheEngineBehindTheMemo() {
        // an analyst writes an arithmetic threshold: valid FEEL, but not a form the compiler knows
        String edited = new String(DmnFiles.read("inactivity-classification.dmn"), StandardCharsets.UTF_8)
                .replace("<text>&lt; 30</text>", "<text>&lt; 29 + 1</text>");
        ClassificationEvaluator evaluator = ClassificationEvaluator.load(edited.getBytes(StandardCharsets.UTF_8), 1_000);
        ClassificationInput newSignUp = new ClassificationInput(29, null, null, null, null, 0, 0.0, null, EmailStatus.VALID);

        assertThat(evaluator.decision().isCompiled()).isFalse();
        assertThat(evaluator.decision().notCompiledReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("Rule_RecentActivity_NewSignUp", "< 29 + 1"));
        assertThat(evaluator.evaluate(newSignUp).matchedRule().ruleId()).isEqualTo("Rule_RecentActivity_NewSignUp");
        assertThat(evaluator.evaluate(LOYAL_BUYER_GONE_QUIET)).isEqualTo(ClassificationEvaluator.fromClasspath().evaluate(LOYAL_BUYER_GONE_QUIET));
        assertThat(evaluator.evaluate(newSignUp).segment()).isEqualTo("RECENT_ACTIVITY");
        assertThat(evaluator.decision().engineEvaluations()).as("the repeated input came from the memo").isEqualTo(2);
    }

    @Test
    void aValueOfAnUnexpectedTypeGoesToTheEngineInsteadOfBeingGuessed() {
        DecisionEvaluator decision = DmnFiles.classification(0);
        Object[] values = ClassificationEvaluator.values(LOYAL_BUYER_GONE_QUIET);
        Object[] withLongDays = values.clone();
        withLongDays[0] = 900L; // the engine converts a Long for an integer column; the compiled path does not guess

        assertThat(decision.evaluateCompiled(withLongDays)).isEmpty();
        assertThat(decision.evaluate(withLongDays)).isEqualTo(decision.evaluate(values));
        assertThat(decision.engineEvaluations()).isEqualTo(1);
    }

    @Test
    void overlappingRulesOfAUniqueTableAreLeftToTheEngineWhichRejectsThem() {
        DecisionEvaluator decision = DecisionEvaluator.load(tinyDrd("UNIQUE", "&gt; 5", "&gt; 3"), "main", List.of("x"), 0);

        assertThat(decision.isCompiled()).isTrue();
        assertThat(decision.evaluateCompiled(4)).hasValueSatisfying(outcome ->
                assertThat(outcome.rootRule()).map(MatchedRule::ruleId).contains("Rule_Main_Second"));
        assertThat(decision.evaluateCompiled(6)).isEmpty();
        assertThatThrownBy(() -> decision.evaluate(6)).hasMessageContaining("UNIQUE");
    }

    @Test
    void anOutputTakenFromARequiredDecisionThatMatchedNothingIsLeftToTheEngine() {
        DecisionEvaluator decision = DecisionEvaluator.load(tinyDrd("FIRST", "&gt; 5", "-"), "main", List.of("x"), 0);

        assertThat(decision.evaluateCompiled(9)).hasValueSatisfying(outcome ->
                assertThat(outcome.outputs()).containsEntry("result", "from required"));
        assertThat(decision.evaluateCompiled(1)).isEmpty();
    }

    @Test
    void theMemoStartsOverWhenFull() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(2);
        cache.get(1, String::valueOf);
        cache.get(2, String::valueOf);
        assertThat(cache.size()).isEqualTo(2);

        assertThat(cache.get(3, String::valueOf)).isEqualTo("3");
        assertThat(cache.size()).isEqualTo(1);
    }

    /** main (two rules on x, output taken from "required") requires "required", which only matches x &gt; 5. */
    private static byte[] tinyDrd(String hitPolicy, String firstRule, String secondRule) {
        String second = secondRule.equals("-") ? "" : secondRule;
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Tiny" name="Tiny"
                             namespace="http://camunda.org/schema/1.0/dmn">
                  <decision id="main" name="Main">
                    <informationRequirement id="InformationRequirement_Required"><requiredDecision href="#required" /></informationRequirement>
                    <decisionTable id="DecisionTable_Main" hitPolicy="%s">
                      <input id="Input_Main_X"><inputExpression id="InputExpression_Main_X" typeRef="integer"><text>x</text></inputExpression></input>
                      <output id="Output_Main_Result" name="result" typeRef="string" />
                      <rule id="Rule_Main_First">
                        <inputEntry id="Rule_Main_First_X"><text>%s</text></inputEntry>
                        <outputEntry id="Rule_Main_First_Result"><text>fromRequired</text></outputEntry>
                      </rule>
                      <rule id="Rule_Main_Second">
                        <inputEntry id="Rule_Main_Second_X"><text>%s</text></inputEntry>
                        <outputEntry id="Rule_Main_Second_Result"><text>fromRequired</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                  <decision id="required" name="Required">
                    <decisionTable id="DecisionTable_Required">
                      <input id="Input_Required_X"><inputExpression id="InputExpression_Required_X" typeRef="integer"><text>x</text></inputExpression></input>
                      <output id="Output_Required" name="fromRequired" typeRef="string" />
                      <rule id="Rule_Required_Big">
                        <inputEntry id="Rule_Required_Big_X"><text>&gt; 5</text></inputEntry>
                        <outputEntry id="Rule_Required_Big_Out"><text>"from required"</text></outputEntry>
                      </rule>
                      <rule id="Rule_Required_Small">
                        <inputEntry id="Rule_Required_Small_X"><text>[3..5]</text></inputEntry>
                        <outputEntry id="Rule_Required_Small_Out"><text>"small"</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(hitPolicy, firstRule, second)).getBytes(StandardCharsets.UTF_8);
    }
}
