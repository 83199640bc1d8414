package io.rekindle.experiment;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/** The level every experiment is read at, and the distributions (Apache Commons Math) the tests share. */
final class Statistics {

    /** Two-sided significance level: 95 % intervals, p &lt; 0.05. */
    static final double ALPHA = 0.05;

    /** The standard normal; no random generator, as nothing here samples. */
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1,
            NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);

    /** z_{1−α/2} = 1.959964… for the 95 % intervals. */
    static final double Z_95 = NORMAL.inverseCumulativeProbability(1 - ALPHA / 2);

    private Statistics() {
    }

    /** The standard normal quantile. */
    static double normalQuantile(double p) {
        return NORMAL.inverseCumulativeProbability(p);
    }

    /** Two-sided p-value of a standard normal statistic. */
    static double twoSidedNormal(double z) {
        return Math.min(1, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /** Student's t with (possibly fractional) degrees of freedom. */
    static TDistribution t(double degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    }
}
