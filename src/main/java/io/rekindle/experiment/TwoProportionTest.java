package io.rekindle.experiment;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Compares the conversion rates of two arms.
 *
 * <ul>
 * <li>Interval: Newcombe's hybrid score interval for the difference of two independent proportions (method 10 of
 * Newcombe, <i>Statistics in Medicine</i> 1998;17:873–890), built from each arm's Wilson score interval. Unlike the
 * textbook Wald interval it keeps close to 95 % coverage with small arms and with rates at or near 0 % or 100 %,
 * never leaves [−1, 1] and is not degenerate when an arm has no conversion.</li>
 * <li>p-value: the pooled two-proportion z-test, two-sided (the same p as Pearson's χ² test of the 2×2 table without
 * continuity correction, R's {@code prop.test(correct = FALSE)}).</li>
 * </ul>
 * Edge cases: an arm with no contacts has no rate — no comparison (empty). Zero conversions in both arms, or every
 * contact converted in both: the observed difference is exactly 0, the pooled variance is 0, z is taken as 0 and
 * p as 1 (what Fisher's exact test gives for such a table); the interval is still informative (e.g. 0/10 vs 0/20:
 * −27.8 to +16.1 points).
 */
public final class TwoProportionTest {

    private TwoProportionTest() {
    }

    /** Treatment against control; empty when either arm has no contacts yet. */
    public static Optional<RateComparison> compare(Conversions control, Conversions treatment) {
        if (control.contacts() == 0 || treatment.contacts() == 0) {
            return Optional.empty();
        }
        double p1 = control.rate();
        double p2 = treatment.rate();
        double difference = p2 - p1;
        double[] w1 = wilson(control);
        double[] w2 = wilson(treatment);
        // Newcombe's method 10 for θ = p2 − p1: the lower limit takes arm 2's lower and arm 1's upper distance
        double low = difference - Math.sqrt(square(p2 - w2[0]) + square(w1[1] - p1));
        double high = difference + Math.sqrt(square(w2[1] - p2) + square(p1 - w1[0]));

        double n1 = control.contacts();
        double n2 = treatment.contacts();
        double pooled = (control.converted() + treatment.converted()) / (n1 + n2);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double z = standardError == 0 ? 0 : difference / standardError;
        double pValue = standardError == 0 ? 1 : Statistics.twoSidedNormal(z);

        OptionalDouble relative = p1 == 0 ? OptionalDouble.empty() : OptionalDouble.of(difference / p1);
        return Optional.of(new RateComparison(p1, p2, difference, relative, Math.max(-1, low), Math.min(1, high), z,
                pValue));
    }

    /** Wilson's score interval {lower, upper} for one arm's rate, at 95 %. */
    static double[] wilson(Conversions arm) {
        double n = arm.contacts();
        double p = arm.rate();
        double z = Statistics.Z_95;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new double[] {Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)};
    }

    private static double square(double x) {
        return x * x;
    }
}
