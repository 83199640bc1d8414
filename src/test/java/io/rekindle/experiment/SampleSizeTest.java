package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values: the examples of R's {@code power.prop.test} help page (package stats), which solves the same
 * formula (strict = FALSE, the default).
 */
class SampleSizeTest {

    @Test
    void matchesRPowerPropTestAtPower90() {
        // power.prop.test(p1 = .50, p2 = .75, power = .90)  ## => n = 76.7
        assertThat(SampleSize.perArm(0.50, 0.75, 0.05, 0.90)).isCloseTo(76.7, within(0.05));
    }

    @Test
    void matchesRPowerPropTestAtTheDefaultsUpToOne() {
        // power.prop.test(p1 = 0.90, p2 = 1.0, power = 0.8)  ##-> n = 73.37 (sig.level 0.05 by default)
        assertThat(SampleSize.perArm(0.90, 1.0, 0.05, 0.8)).isCloseTo(73.37, within(0.005));
        // what an experiment plans with: α 0.05, power 0.8, rounded up to whole contacts
        assertThat(SampleSize.perArm(0.90, 0.10)).isEqualTo(74);
    }

    @Test
    void matchesRPowerPropTestForATinyEffect() {
        // power.prop.test(p1 = .5, p2 = 0.501, sig.level = .001, power = 0.90)  ## => n = 10451937
        assertThat(SampleSize.perArm(0.5, 0.501, 0.001, 0.90)).isCloseTo(10_451_937, within(1.0));
    }

    @Test
    void theEffectIsTakenDownwardsOnlyWhereUpwardsWouldPass100Percent() {
        // 0.95 + 0.10 > 1, so the plan is for 0.95 → 0.85, the same n as R's p1 = 0.85, p2 = 0.95 (symmetric formula)
        assertThat(SampleSize.perArm(0.95, 0.10))
                .isEqualTo((long) Math.ceil(SampleSize.perArm(0.85, 0.95, 0.05, 0.8)));
    }

    @Test
    void stillNeededIsNeverNegative() {
        assertThat(SampleSize.stillNeeded(74, 50)).isEqualTo(24);
        assertThat(SampleSize.stillNeeded(74, 74)).isZero();
        assertThat(SampleSize.stillNeeded(74, 1_000)).isZero();
    }

    @Test
    void impossiblePlansAreRefused() {
        assertThatThrownBy(() -> SampleSize.perArm(-0.1, 0.02)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSize.perArm(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSize.perArm(Double.NaN, 0.02)).isInstanceOf(IllegalArgumentException.class);
        // the one the results API answers with a 400 on minimumEffect (the others are its own bugs there: a 500)
        assertThatThrownBy(() -> SampleSize.perArm(0.5, 0.6)).isInstanceOf(SampleSize.EffectOutOfReach.class);
        assertThatThrownBy(() -> SampleSize.perArm(0.5, 0)).isNotInstanceOf(SampleSize.EffectOutOfReach.class);
    }
}
