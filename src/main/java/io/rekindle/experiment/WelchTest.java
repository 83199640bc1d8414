package io.rekindle.experiment;

import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Compares the mean revenue per contact of two arms: Welch's unequal-variances t-test and its 95 % t-interval, with
 * the Welch–Satterthwaite degrees of freedom (Welch, <i>Biometrika</i> 1947;34:28–35).
 *
 * <p>Why Welch: revenue per contact is mostly zeros with a long tail, and a journey changes the spread as much as the
 * mean, so the arms' variances differ — Welch does not assume they are equal (Student's pooled test does). The test
 * rests on the central limit theorem for the means, not on normal revenue: fine for the hundreds-to-thousands of
 * contacts per arm an experiment has, shaky for a few dozen when a handful of big orders dominate (a result then
 * swings with one order; the README says so).
 *
 * <p>Undefined (empty) when an arm has fewer than two contacts or when neither arm's revenue varies (all zero, say):
 * there is no spread to measure the difference against.
 */
public final class WelchTest {

    private WelchTest() {
    }

    /** Treatment against control; empty when undefined (see above). */
    public static Optional<MeanComparison> compare(RevenueSums control, RevenueSums treatment) {
        if (control.contacts() < 2 || treatment.contacts() < 2) {
            return Optional.empty();
        }
        double a = control.variance() / control.contacts();
        double b = treatment.variance() / treatment.contacts();
        double standardError = Math.sqrt(a + b);
        if (standardError == 0) {
            return Optional.empty();
        }
        double m1 = control.mean();
        double m2 = treatment.mean();
        double difference = m2 - m1;
        double degreesOfFreedom = (a + b) * (a + b)
                / (a * a / (control.contacts() - 1) + b * b / (treatment.contacts() - 1));
        TDistribution t = Statistics.t(degreesOfFreedom);
        double statistic = difference / standardError;
        double halfWidth = t.inverseCumulativeProbability(1 - Statistics.ALPHA / 2) * standardError;
        double pValue = Math.min(1, 2 * t.cumulativeProbability(-Math.abs(statistic)));
        return Optional.of(new MeanComparison(m1, m2, difference, difference - halfWidth, difference + halfWidth,
                degreesOfFreedom, statistic, pValue));
    }
}
