package io.rekindle.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WelchTestTest {

    /**
     * R's {@code sleep} data (Cushny &amp; Peebles, via Student 1908), the worked example of R's {@code t.test} help
     * page: {@code t.test(extra ~ group, data = sleep)} prints "Welch Two Sample t-test … t = -1.8608, df = 17.776,
     * p-value = 0.07939 … 95 percent confidence interval: -3.3654832 0.2054832 … mean in group 1 0.75, mean in group 2
     * 2.33". R reports group 1 − group 2, so group 1 is our treatment.
     */
    private static final String[] GROUP_1 = {"0.7", "-1.6", "-0.2", "-1.2", "-0.1", "3.4", "3.7", "0.8", "0.0", "2.0"};
    private static final String[] GROUP_2 = {"1.9", "0.8", "1.1", "0.1", "-0.1", "4.4", "5.5", "1.6", "4.6", "3.4"};

    @Test
    void matchesRsWelchTestOnTheSleepData() {
        MeanComparison result = WelchTest.compare(sums(GROUP_2, BigDecimal.ZERO), sums(GROUP_1, BigDecimal.ZERO))
                .orElseThrow();

        assertThat(result.treatmentMean()).isCloseTo(0.75, within(1e-12));
        assertThat(result.controlMean()).isCloseTo(2.33, within(1e-12));
        assertThat(result.t()).isCloseTo(-1.8608, within(0.00005));
        assertThat(result.degreesOfFreedom()).isCloseTo(17.776, within(0.0005));
        assertThat(result.pValue()).isCloseTo(0.07939, within(0.000005));
        assertThat(result.low()).isCloseTo(-3.3654832, within(0.0000005));
        assertThat(result.high()).isCloseTo(0.2054832, within(0.0000005));
        assertThat(result.significant()).isFalse();
    }

    @Test
    void largeAmountsLoseNoPrecisionInTheStreamingSums() {
        // shifting every value by a billion changes neither the difference nor the spread: R's figures must hold.
        // With Σx² in doubles (≈ 10^19, 16 significant digits) the variance would be rounded away entirely.
        BigDecimal billion = new BigDecimal("1000000000");
        MeanComparison result = WelchTest.compare(sums(GROUP_2, billion), sums(GROUP_1, billion)).orElseThrow();

        assertThat(result.difference()).isCloseTo(-1.58, within(1e-6));
        assertThat(result.degreesOfFreedom()).isCloseTo(17.776, within(0.0005));
        assertThat(result.low()).isCloseTo(-3.3654832, within(0.000001));
        assertThat(result.high()).isCloseTo(0.2054832, within(0.000001));
    }

    @Test
    void undefinedBelowTwoContactsOrWithoutAnySpread() {
        RevenueSums one = new RevenueSums(1, new BigDecimal("10"), new BigDecimal("100"));
        RevenueSums sleep = sums(GROUP_1, BigDecimal.ZERO);
        assertThat(WelchTest.compare(one, sleep)).isEmpty();
        assertThat(WelchTest.compare(sleep, one)).isEmpty();

        // nobody bought anything in either arm
        RevenueSums nothing = new RevenueSums(500, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(WelchTest.compare(nothing, nothing)).isEmpty();
        assertThat(nothing.mean()).isZero();
        assertThat(nothing.variance()).isZero();
    }

    @Test
    void oneArmWithoutSpreadLeavesTheOthersDegreesOfFreedom() {
        // Welch–Satterthwaite with s1² = 0 reduces to n2 − 1 (the formula's second term alone)
        RevenueSums nothing = new RevenueSums(500, BigDecimal.ZERO, BigDecimal.ZERO);
        MeanComparison result = WelchTest.compare(nothing, sums(GROUP_2, BigDecimal.ZERO)).orElseThrow();

        assertThat(result.degreesOfFreedom()).isCloseTo(9.0, within(1e-9));
        assertThat(result.difference()).isCloseTo(2.33, within(1e-12));
    }

    private static RevenueSums sums(String[] values, BigDecimal shift) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal squares = BigDecimal.ZERO;
        for (String value : values) {
            BigDecimal x = new BigDecimal(value).add(shift);
            sum = sum.add(x);
            squares = squares.add(x.multiply(x));
        }
        return new RevenueSums(values.length, sum, squares);
    }
}
