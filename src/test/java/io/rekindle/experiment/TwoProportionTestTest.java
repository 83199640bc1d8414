package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwoProportionTestTest {

    /**
     * Newcombe RG. Interval estimation for the difference between independent proportions: comparison of eleven
     * methods. Statistics in Medicine 1998;17:873–890, Table II, method 10 (score interval without continuity
     * correction), the eight examples (a)–(h), limits to 4 decimals. Newcombe's θ is p1 − p2 with the first sample
     * listed first; ours is treatment − control, so the paper's first sample is our treatment. Example (d) is also
     * what the R package ratesci checks against the paper (tests "legacy & new methods match published examples":
     * moverci(5, 56, 0, 29, type = "wilson") → −0.0381, 0.1926). These include small samples, zero conversions in one
     * arm (d, g, h), in both (e, f) and every contact converting in one arm (g, h).
     */
    @ParameterizedTest(name = "Newcombe 1998 Table II ({0}): {1}/{2} − {3}/{4}")
    @CsvSource({
        "a, 56, 70, 48, 80,  0.0524, 0.3339",
        "b,  9, 10,  3, 10,  0.1705, 0.8090",
        "c,  6,  7,  2,  7,  0.0582, 0.8062",
        "d,  5, 56,  0, 29, -0.0381, 0.1926",
        "e,  0, 10,  0, 20, -0.1611, 0.2775",
        "f,  0, 10,  0, 10, -0.2775, 0.2775",
        "g, 10, 10,  0, 20,  0.6791, 1.0000",
        "h, 10, 10,  0, 10,  0.6075, 1.0000"})
    void intervalsMatchNewcombe1998Method10(String example, long x1, long n1, long x2, long n2, double low,
            double high) {
        RateComparison result = TwoProportionTest.compare(new Conversions(n2, x2), new Conversions(n1, x1))
                .orElseThrow();

        assertThat(result.difference()).isCloseTo((double) x1 / n1 - (double) x2 / n2, within(1e-12));
        assertThat(result.low()).isCloseTo(low, within(0.00006));
        assertThat(result.high()).isCloseTo(high, within(0.00006));
    }

    @Test
    void pooledZTestMatchesTheStatsmodelsDocumentationExample() {
        // statsmodels.stats.proportion.proportions_ztest docstring: count = [5, 12], nobs = [83, 99] (pooled
        // variance by default) → p-value 0.159; its z, printed with 3 decimals, is −1.408
        RateComparison result = TwoProportionTest.compare(new Conversions(99, 12), new Conversions(83, 5))
                .orElseThrow();

        assertThat(result.pValue()).isCloseTo(0.159, within(0.0005));
        assertThat(result.z()).isCloseTo(-1.408, within(0.0005));
    }

    @Test
    void zeroConversionsInBothArmsIsNoDifferenceWithAnInformativeInterval() {
        // the pooled variance is 0: z is 0 and p is 1 (Fisher's exact test gives 1 for a table with an empty column);
        // the interval is Newcombe's example (e) reversed (our treatment is his second sample): −0.2775 to 0.1611
        RateComparison result = TwoProportionTest.compare(new Conversions(10, 0), new Conversions(20, 0))
                .orElseThrow();

        assertThat(result.difference()).isZero();
        assertThat(result.z()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.relativeLift()).isEmpty();
        assertThat(result.low()).isCloseTo(-0.2775, within(0.00006));
        assertThat(result.high()).isCloseTo(0.1611, within(0.00006));
        assertThat(result.significant()).isFalse();
    }

    @Test
    void everyContactConvertingInBothArmsMirrorsZeroConversions() {
        // swapping converted and not converted negates the difference: 10/10 vs 10/10 has Newcombe's example (f)
        // interval mirrored, which is the same symmetric −0.2775 to 0.2775
        RateComparison result = TwoProportionTest.compare(new Conversions(10, 10), new Conversions(10, 10))
                .orElseThrow();

        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.low()).isCloseTo(-0.2775, within(0.00006));
        assertThat(result.high()).isCloseTo(0.2775, within(0.00006));
        assertThat(result.relativeLift()).hasValue(0.0);
    }

    @Test
    void relativeLiftIsTheDifferenceOverTheControlRate() {
        // 56/70 = 0.8 against 48/80 = 0.6: +0.2 absolute, 0.2 / 0.6 = 1/3 relative (by definition)
        RateComparison result = TwoProportionTest.compare(new Conversions(80, 48), new Conversions(70, 56))
                .orElseThrow();

        assertThat(result.controlRate()).isEqualTo(0.6);
        assertThat(result.treatmentRate()).isEqualTo(0.8);
        assertThat(result.relativeLift().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(result.significant()).isTrue();
    }

    @Test
    void anArmWithoutContactsHasNoComparison() {
        assertThat(TwoProportionTest.compare(new Conversions(0, 0), new Conversions(10, 3))).isEmpty();
        assertThat(TwoProportionTest.compare(new Conversions(10, 3), new Conversions(0, 0))).isEmpty();
        assertThat(new Conversions(0, 0).rate()).isNaN();
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> new Conversions(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Conversions(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Conversions(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
