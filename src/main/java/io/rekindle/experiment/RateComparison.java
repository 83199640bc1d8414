package io.rekindle.experiment;

import java.util.OptionalDouble;

/**
 * Treatment against control on a rate, as fractions (0.021 = 2.1 points).
 *
 * @param controlRate     the control arm's rate
 * @param treatmentRate   the treatment arm's rate
 * @param difference      treatmentRate − controlRate, the absolute lift
 * @param relativeLift    difference / controlRate; empty when the control rate is 0 (no baseline to be relative to)
 * @param low             lower bound of the 95 % confidence interval for the difference (Newcombe's hybrid score
 *                        interval, method 10 of Newcombe 1998)
 * @param high            upper bound of that interval
 * @param z               the pooled two-proportion z statistic
 * @param pValue          its two-sided p-value
 */
public record RateComparison(double controlRate, double treatmentRate, double difference, OptionalDouble relativeLift,
        double low, double high, double z, double pValue) {

    /** Whether the difference is significant at 5 %: the interval excludes 0 <em>and</em> p &lt; 0.05. */
    public boolean significant() {
        // the score interval and the pooled test agree except a hair from the boundary; asking both keeps a verdict
        // from saying "beats" next to p = 0.051 or an interval that touches 0
        return (low > 0 || high < 0) && pValue < Statistics.ALPHA;
    }
}
