package io.rekindle.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The seed's limit is part of the configuration's contract: never more than 10 % more per step. */
class DeliverabilityRampSettingsTest {

    private static DeliverabilityRamp.Settings settings(String growth, int initialVolume) {
        return new DeliverabilityRamp.Settings(true, initialVolume, new BigDecimal(growth), ZoneId.of("Europe/Paris"),
                Duration.ofDays(7), 500);
    }

    @Test
    void growthUpToTenPercentIsAccepted() {
        assertThat(settings("0.10", 1000).growth()).isEqualByComparingTo("0.10");
        assertThat(settings("0.05", 1).growth()).isEqualByComparingTo("0.05");
        assertThat(settings("0", 1).growth()).isEqualByComparingTo("0");
    }

    @Test
    void aFasterRampOrNoSlotAtAllIsRefusedAtStartUpWithTheWayOut() {
        assertThatThrownBy(() -> settings("0.11", 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rekindle.ramp.growth").hasMessageContaining("rekindle.ramp.enabled=false");
        assertThatThrownBy(() -> settings("-0.01", 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings("0.10", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rekindle.ramp.initial-volume");
    }
}
