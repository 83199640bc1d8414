package io.rekindle.experiment;

/**
 * How many contacts each arm needs before a difference of a given size would likely be seen.
 *
 * <p>The normal-approximation formula for comparing two independent proportions without continuity correction
 * (Fleiss, Levin &amp; Paik, <i>Statistical Methods for Rates and Proportions</i>, 3rd ed. 2003, ch. 4; the formula R's
 * {@code power.prop.test} solves): for rates p1 and p2, q = 1 − p, p̄ = (p1 + p2) / 2,
 * <pre>
 *   n per arm = ( z(1−α/2) · √(2 p̄ q̄) + z(power) · √(p1 q1 + p2 q2) )² / (p2 − p1)²
 * </pre>
 * Rekindle plans every experiment at α = 0.05 two-sided and power 0.8: with that many contacts per arm, a true
 * difference of the minimum effect is detected 8 times out of 10.
 */
public final class SampleSize {

    /** The power every experiment is planned for. */
    static final double POWER = 0.8;

    private SampleSize() {
    }

    /** No rate lies that far from the baseline (50 points from 50 %, say): the caller asked for the impossible. */
    public static final class EffectOutOfReach extends IllegalArgumentException {

        EffectOutOfReach(String message) {
            super(message);
        }
    }

    /**
     * Contacts per arm (rounded up) to detect an absolute difference of {@code minimumEffect} (0.02 = 2 points) from a
     * baseline rate, at α = 0.05 two-sided and power 0.8. The effect is taken upwards (baseline + effect), downwards
     * only where upwards would pass 100 %.
     */
    public static long perArm(double baselineRate, double minimumEffect) {
        if (!(baselineRate >= 0 && baselineRate <= 1)) {
            throw new IllegalArgumentException("A baseline rate lies in [0, 1], got " + baselineRate + ".");
        }
        if (!(minimumEffect > 0 && minimumEffect <= 1)) {
            throw new IllegalArgumentException("A minimum effect lies in (0, 1], got " + minimumEffect + ".");
        }
        double target = baselineRate + minimumEffect <= 1 ? baselineRate + minimumEffect : baselineRate - minimumEffect;
        if (target < 0) {
            throw new EffectOutOfReach("No rate differs from " + baselineRate + " by " + minimumEffect + ".");
        }
        return (long) Math.ceil(perArm(baselineRate, target, Statistics.ALPHA, POWER));
    }

    /** The exact (fractional) n per arm of the formula above, for two rates, a two-sided α and a power. */
    static double perArm(double p1, double p2, double alpha, double power) {
        double q1 = 1 - p1;
        double q2 = 1 - p2;
        double mean = (p1 + p2) / 2;
        double root = Statistics.normalQuantile(1 - alpha / 2) * Math.sqrt(2 * mean * (1 - mean))
                + Statistics.normalQuantile(power) * Math.sqrt(p1 * q1 + p2 * q2);
        return root * root / ((p2 - p1) * (p2 - p1));
    }

    /** max(0, needed − have): how many more contacts an arm still needs. */
    public static long stillNeeded(long neededPerArm, long have) {
        return Math.max(0, neededPerArm - have);
    }
}
