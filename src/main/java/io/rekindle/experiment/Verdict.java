package io.rekindle.experiment;

import java.util.Locale;

/**
 * The plain sentence a marketer reads for one treatment arm against its control on a conversion rate, and its kind.
 *
 * <p>The rule, first match wins (the experiment is read as a fixed-horizon test: a verdict only once the planned
 * sample is there, since looking daily and stopping at the first p &lt; 0.05 turns 5 % false alarms into far more):
 * <ol>
 * <li>{@link Kind#NO_DATA}: an arm has no contacts yet — "Not enough data yet: no contacts in B so far."</li>
 * <li>{@link Kind#NOT_ENOUGH_DATA}: the smaller arm has fewer contacts than {@link SampleSize#perArm} needs to detect
 * the minimum effect from the control's current rate — "Not enough data yet: 1,234 more contacts per arm are needed
 * to detect a difference of 2 points." The need is re-estimated as the control's rate settles.</li>
 * <li>{@link Kind#BETTER} / {@link Kind#WORSE}: enough data and {@link RateComparison#significant()} (the 95 %
 * interval excludes 0 and p &lt; 0.05) — "B beats A by 2.1 points, 95 % CI 0.4–3.8 (p = 0.012)." or "B does worse
 * than A by …" (the interval then given for A − B, so both numbers read as the size of the gap).</li>
 * <li>{@link Kind#NO_DIFFERENCE}: enough data, not significant — "No difference detected between B and A: B − A =
 * 0.3 points, 95 % CI −1.5 to 2.1 (p = 0.74)." ending with "; a difference of 2 points or more is ruled out." when
 * the whole interval lies within ± the minimum effect.</li>
 * </ol>
 * Points are percentage points (the difference of the rates × 100), one decimal; an interval reads "0.4–3.8" when
 * both ends are positive and "−1.5 to 2.1" otherwise; p has three decimals below 0.1 (two above), "p &lt; 0.001" below
 * that.
 */
public record Verdict(Kind kind, String sentence) {

    /** What the sentence says, for the API and the dashboard to style it. */
    public enum Kind { NO_DATA, NOT_ENOUGH_DATA, BETTER, WORSE, NO_DIFFERENCE }

    /**
     * The verdict on {@code treatment} against {@code control}.
     *
     * @param minimumEffect the smallest absolute difference worth detecting, as a fraction (0.02 = 2 points)
     * @throws IllegalArgumentException when the minimum effect is not in (0, 1]; {@link SampleSize.EffectOutOfReach}
     *                                  when no rate differs from the control's by that much
     */
    public static Verdict onRates(String controlName, Conversions control, String treatmentName,
            Conversions treatment, double minimumEffect) {
        if (control.contacts() == 0 || treatment.contacts() == 0) {
            String empty = control.contacts() == 0 ? controlName : treatmentName;
            return new Verdict(Kind.NO_DATA, "Not enough data yet: no contacts in " + empty + " so far.");
        }
        long missing = SampleSize.stillNeeded(SampleSize.perArm(control.rate(), minimumEffect),
                Math.min(control.contacts(), treatment.contacts()));
        if (missing > 0) {
            return new Verdict(Kind.NOT_ENOUGH_DATA, String.format(Locale.ROOT,
                    "Not enough data yet: %,d more %s per arm %s needed to detect a difference of %s points.",
                    missing, missing == 1 ? "contact" : "contacts", missing == 1 ? "is" : "are",
                    effect(minimumEffect)));
        }
        RateComparison result = TwoProportionTest.compare(control, treatment).orElseThrow();
        if (result.significant()) {
            boolean better = result.difference() > 0;
            double low = better ? result.low() : -result.high();
            double high = better ? result.high() : -result.low();
            return new Verdict(better ? Kind.BETTER : Kind.WORSE, String.format(Locale.ROOT,
                    "%s %s %s by %s points, 95 %% CI %s (%s).", treatmentName, better ? "beats" : "does worse than",
                    controlName, points(Math.abs(result.difference())), interval(low, high), p(result.pValue())));
        }
        boolean ruledOut = result.low() > -minimumEffect && result.high() < minimumEffect;
        return new Verdict(Kind.NO_DIFFERENCE, String.format(Locale.ROOT,
                "No difference detected between %s and %s: %s − %s = %s points, 95 %% CI %s (%s)%s.", treatmentName,
                controlName, treatmentName, controlName, points(result.difference()),
                interval(result.low(), result.high()), p(result.pValue()),
                ruledOut ? "; a difference of " + effect(minimumEffect) + " points or more is ruled out" : ""));
    }

    private static String points(double fraction) {
        // a minus sign, not a hyphen, and no "-0.0"
        String text = String.format(Locale.ROOT, "%.1f", fraction * 100);
        return text.equals("-0.0") ? "0.0" : text.replace('-', '−');
    }

    private static String interval(double low, double high) {
        return low >= 0 ? points(low) + "–" + points(high) : points(low) + " to " + points(high);
    }

    private static String effect(double fraction) {
        double points = Math.round(fraction * 1000) / 10.0;
        return points == Math.rint(points) ? String.valueOf((long) points) : String.valueOf(points);
    }

    private static String p(double pValue) {
        if (pValue < 0.001) {
            return "p < 0.001";
        }
        // three decimals below 0.1, where the 0.05 line is; a significant p never reads as "0.050"
        String text = String.format(Locale.ROOT, pValue < 0.1 ? "%.3f" : "%.2f", pValue);
        return pValue < Statistics.ALPHA && text.equals("0.050") ? "p < 0.05" : "p = " + text;
    }
}
