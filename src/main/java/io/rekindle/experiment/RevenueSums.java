package io.rekindle.experiment;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An arm's revenue per contact as three streaming sums — contacts, Σ revenue and Σ revenue² (a contact who bought
 * nothing counts with 0) — so the API computes them in one SQL aggregate without loading rows. Exact decimals: the
 * variance subtracts two large, close numbers, which doubles would round away.
 */
public record RevenueSums(long contacts, BigDecimal sum, BigDecimal sumOfSquares) {

    public RevenueSums {
        if (contacts < 0 || sum == null || sumOfSquares == null || sumOfSquares.signum() < 0) {
            throw new IllegalArgumentException("Revenue sums need contacts >= 0 and both sums, the squares >= 0.");
        }
    }

    /** Mean revenue per contact; NaN without contacts. */
    public double mean() {
        return contacts == 0 ? Double.NaN
                : sum.divide(BigDecimal.valueOf(contacts), MathContext.DECIMAL128).doubleValue();
    }

    /** Sample variance (n − 1 in the denominator); NaN below two contacts. */
    public double variance() {
        if (contacts < 2) {
            return Double.NaN;
        }
        BigDecimal n = BigDecimal.valueOf(contacts);
        // (n Σx² − (Σx)²) / (n (n − 1)), exact up to the final division
        BigDecimal numerator = n.multiply(sumOfSquares).subtract(sum.multiply(sum));
        return Math.max(0, numerator.divide(n.multiply(n.subtract(BigDecimal.ONE)), MathContext.DECIMAL128)
                .doubleValue());
    }
}
