package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One test per rule of {@link Verdict}. The intervals quoted come from Newcombe 1998 Table II (method 10), the sample
 * sizes from R's power.prop.test formula, the p-values from the pooled z formula worked by hand (stated per test).
 */
class VerdictTest {

    @Test
    void anEmptyArmHasNoDataYet() {
        Verdict verdict = Verdict.onRates("A", new Conversions(120, 6), "B", new Conversions(0, 0), 0.02);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.NO_DATA);
        assertThat(verdict.sentence()).isEqualTo("Not enough data yet: no contacts in B so far.");
    }

    @Test
    void belowThePlannedSampleItSaysHowManyMoreContactsPerArm() {
        // control at 90 %, minimum effect 10 points: R power.prop.test(p1 = .9, p2 = 1, power = .8) → 73.37, so 74 per
        // arm; the smaller arm has 50 → 24 more. Even a large observed gap does not end the wait (no peeking).
        Verdict verdict = Verdict.onRates("A", new Conversions(100, 90), "B", new Conversions(50, 50), 0.10);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.NOT_ENOUGH_DATA);
        assertThat(verdict.sentence()).isEqualTo(
                "Not enough data yet: 24 more contacts per arm are needed to detect a difference of 10 points.");
        // one short of the 74: singular
        assertThat(Verdict.onRates("A", new Conversions(100, 90), "B", new Conversions(73, 73), 0.10).sentence())
                .isEqualTo("Not enough data yet: 1 more contact per arm is needed to detect a difference of 10 "
                        + "points.");
    }

    @Test
    void theTypicalWinBackPlanNeedsThousandsPerArm() {
        // 5 % baseline, 2 points: the formula evaluated independently (Python, statistics.NormalDist) gives 2,212.2,
        // so 2,213 per arm; the treatment arm has 100 → 2,113 more
        Verdict verdict = Verdict.onRates("holdout", new Conversions(2_000, 100), "journey", new Conversions(100, 5),
                0.02);

        assertThat(verdict.sentence()).isEqualTo(
                "Not enough data yet: 2,113 more contacts per arm are needed to detect a difference of 2 points.");
    }

    @Test
    void aSignificantGainSaysWhoBeatsWhomByHowMuch() {
        // Newcombe (a): 56/70 against 48/80 → +20.0 points, CI 0.0524–0.3339. Pooled z by hand: p̄ = 104/150,
        // SE = √(p̄(1−p̄)(1/70 + 1/80)) = 0.07547, z = 0.2 / 0.07547 = 2.650, two-sided p = 0.0080.
        // Plan for 25 points from 60 %: 49 per arm (formula as in SampleSize), both arms have more.
        Verdict verdict = Verdict.onRates("A", new Conversions(80, 48), "B", new Conversions(70, 56), 0.25);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.BETTER);
        assertThat(verdict.sentence()).isEqualTo("B beats A by 20.0 points, 95 % CI 5.2–33.4 (p = 0.008).");
    }

    @Test
    void aSignificantLossSaysSoWithTheGapsInterval() {
        // the same table the other way round: B − A = −20.0 points, CI −0.3339 to −0.0524, read as a gap of 5.2–33.4
        Verdict verdict = Verdict.onRates("A", new Conversions(70, 56), "B", new Conversions(80, 48), 0.25);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.WORSE);
        assertThat(verdict.sentence()).isEqualTo("B does worse than A by 20.0 points, 95 % CI 5.2–33.4 (p = 0.008).");
    }

    @Test
    void noDifferenceDetectedGivesTheIntervalAndWhatItRulesOut() {
        // Newcombe (d): 5/56 against 0/29 → +8.9 points, CI −0.0381 to 0.1926. Pooled z by hand: p̄ = 5/85,
        // SE = √(p̄(1−p̄)(1/56 + 1/29)) = 0.05383, z = 0.08929 / 0.05383 = 1.659, two-sided p = 0.097.
        // Plan for 30 points from 0 %: 22 per arm; the whole interval lies within ±30 points.
        Verdict verdict = Verdict.onRates("A", new Conversions(29, 0), "B", new Conversions(56, 5), 0.30);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.NO_DIFFERENCE);
        assertThat(verdict.sentence()).isEqualTo("No difference detected between B and A: B − A = 8.9 points, "
                + "95 % CI −3.8 to 19.3 (p = 0.097); a difference of 30 points or more is ruled out.");
    }

    @Test
    void noConversionAtAllAfterThePlannedSampleIsNoDifference() {
        // 0/400 in both arms, minimum effect 2 points from 0 %: the formula gives 387.3 → 388 per arm, both have 400.
        // Wilson's upper limit for 0/n is z²/(n + z²) = 3.8415/403.8415 = 0.0095, so the CI is ±0.95 points; p = 1.
        Verdict verdict = Verdict.onRates("A", new Conversions(400, 0), "B", new Conversions(400, 0), 0.02);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.NO_DIFFERENCE);
        assertThat(verdict.sentence()).isEqualTo("No difference detected between B and A: B − A = 0.0 points, "
                + "95 % CI −1.0 to 1.0 (p = 1.00); a difference of 2 points or more is ruled out.");
    }
}
