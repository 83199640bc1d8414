package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a "Split into variants" step may declare, and how its arms share the contacts. */
class VariantSpecTest {

    @Test
    void readsTheModelersInputsWithTheDefaultSalt() {
        VariantSpec spec = VariantSpec.parse(" offer-test ", "10 % vs free delivery", "ten:30, free:70",
                "revenue_per_contact", "");

        assertThat(spec.id()).isEqualTo("offer-test");
        assertThat(spec.armsText()).isEqualTo("ten:30,free:70");
        assertThat(spec.control()).isEqualTo("ten");
        assertThat(spec.goal()).isEqualTo(GoalMetric.REVENUE_PER_CONTACT);
        assertThat(spec.salt()).isEqualTo("variant:offer-test");
    }

    @Test
    void theWeightsAreRespectedOverAThousandContactsAndEveryArmIsStable() {
        VariantSpec spec = VariantSpec.parse("channel-test", "Email vs SMS", "email:20,sms:30,both:50", "CONVERSION",
                null);
        Map<String, Integer> counts = new HashMap<>();
        for (long id = 1; id <= 1000; id++) {
            String arm = spec.assignment().armFor(id);
            counts.merge(arm, 1, Integer::sum);
            assertThat(VariantSpec.parse("channel-test", "again", "email:20,sms:30,both:50", "CONVERSION", null)
                    .assignment().armFor(id)).as("the same arm from a fresh parse (another node)").isEqualTo(arm);
        }
        // binomial standard deviation over 1,000 is at most 16: 4 of them
        assertThat(counts.get("email")).isCloseTo(200, within(64));
        assertThat(counts.get("sms")).isCloseTo(300, within(64));
        assertThat(counts.get("both")).isCloseTo(500, within(64));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Bad Id   | n | A:50,B:50 | CONVERSION | lower-case letters",
        "global-control | n | A:50,B:50 | CONVERSION | not global-control",
        "x        |   | A:50,B:50 | CONVERSION | needs a name",
        "x        | n | A:100     | CONVERSION | at least two arms",
        "x        | n | A:50,B:x  | CONVERSION | 'B:x' is not",
        "x        | n | A:0,B:0   | CONVERSION | not all 0",
        "x        | n | A:50,A:50 | CONVERSION | names an arm twice",
        "x        | n | Holdout:50,B:50 | CONVERSION | 'holdout' is kept",
        "x        | n | ${x}:1,B:1 | CONVERSION | '${x}:1' is not",
        "x        | n | A:50,B:50 | CLICKS     | goal metric 'CLICKS'",
        "x        | n | A:50,B:50 |            | goal metric 'null'"})
    void aWrongInputSaysWhatToFix(String id, String name, String arms, String goal, String problem) {
        assertThatThrownBy(() -> VariantSpec.parse(id, name, arms, goal, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Split into variants:")
                .hasMessageContaining(problem);
    }
}
