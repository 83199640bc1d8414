package io.rekindle.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What people really type to stop SMS, as French operators accept it; and what is not a STOP. */
class SmsStopKeywordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop ", "STOP SMS", "Stop 36180", "stop!", "ARRET", "Arrêt", "arrêter",
            "UNSUBSCRIBE", "désabonner", "Désinscrire", "STOP\nmerci"})
    void theseStop(String text) {
        assertThat(EventIntake.isStop(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "OK", "merci", "Non merci", "please stop", "STOPPED", "Arrêté", "unstop", "S T O P"})
    void theseDoNot(String text) {
        assertThat(EventIntake.isStop(text)).isFalse();
    }
}
