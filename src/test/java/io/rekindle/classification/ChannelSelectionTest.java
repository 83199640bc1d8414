package io.rekindle.classification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dmn/channel-selection.dmn, every rule and edge, on the Camunda DMN engine and on the compiled path. */
class ChannelSelectionTest {

    private static DecisionEvaluator channelSelection;

    @BeforeAll
    static void loadDecision() {
        channelSelection = DmnFiles.channelSelection(0);
        assertThat(channelSelection.notCompiledReason()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {7}")
    @CsvSource(delimiter = '|', textBlock = """
            # status    | emailOk | reactivity | smsOk | phone | rule                          | channel | why
            HARD_BOUNCE | true    | 5          | true  | true  | Rule_Channel_HardBounceSms    | SMS     | hard bounce never gets email, even when reactive
            HARD_BOUNCE | true    | 5          | true  | false | Rule_Channel_HardBounceNone   | NONE    | hard bounce, no phone number
            HARD_BOUNCE | true    | 5          | false | true  | Rule_Channel_HardBounceNone   | NONE    | hard bounce, no SMS consent
            VALID       | true    | 180        | true  | true  | Rule_Channel_EmailReactive    | EMAIL   | reacted 180 days ago: email first
            VALID       | true    | 181        | true  | true  | Rule_Channel_Sms              | SMS     | no reaction for 181 days: SMS
            VALID       | true    |            | true  | true  | Rule_Channel_Sms              | SMS     | never reacted to email: SMS
            SOFT_BOUNCE | true    | 0          | false | false | Rule_Channel_EmailReactive    | EMAIL   | soft bounce is retried later by email
            VALID       | false   | 10         | true  | true  | Rule_Channel_Sms              | SMS     | no email consent
            VALID       | true    | 181        | false | true  | Rule_Channel_EmailUnreactive  | EMAIL   | unreactive but no SMS consent
            VALID       | true    |            | true  | false | Rule_Channel_EmailUnreactive  | EMAIL   | never reacted, no phone number
            VALID       | false   | 10         | false | true  | Rule_Channel_None             | NONE    | no consent at all
            VALID       | false   | 10         | true  |       | Rule_Channel_None             | NONE    | unknown phone
                        | true    | 10         | false | false | Rule_Channel_None             | NONE    | unknown email status is not usable
                        | true    | 10         | true  | true  | Rule_Channel_Sms              | SMS     | unknown email status, SMS possible
            VALID       |         | 10         |       | true  | Rule_Channel_None             | NONE    | unknown consents
            """)
    void picksTheChannel(String status, Boolean emailConsent, Integer reactivity, Boolean smsConsent, Boolean phoneKnown,
                         String rule, String channel, String why) {
        Object[] values = {status, emailConsent, reactivity, smsConsent, phoneKnown};
        DecisionOutcome engine = channelSelection.evaluateWithEngine(values);

        assertThat(engine.rootRule()).map(MatchedRule::ruleId).as(why).contains(rule);
        assertThat(engine.outputs()).containsEntry("channel", channel);
        assertThat(channelSelection.evaluateCompiled(values)).contains(engine);
    }
}
