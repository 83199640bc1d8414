package io.rekindle.experiment;

/**
 * Treatment against control on revenue per contact, in the currency of the sums.
 *
 * @param controlMean      the control arm's mean revenue per contact
 * @param treatmentMean    the treatment arm's
 * @param difference       treatmentMean − controlMean
 * @param low              lower bound of the 95 % Welch t-interval for the difference
 * @param high             its upper bound
 * @param degreesOfFreedom the Welch–Satterthwaite degrees of freedom
 * @param t                Welch's t statistic
 * @param pValue           its two-sided p-value
 */
public record MeanComparison(double controlMean, double treatmentMean, double difference, double low, double high,
        double degreesOfFreedom, double t, double pValue) {

    /** Whether the difference is significant at 5 % (the interval excludes 0, equivalently p &lt; 0.05). */
    public boolean significant() {
        return low > 0 || high < 0;
    }
}
