package io.rekindle.classification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A contact's usual reorder interval: the median of the gaps, in whole days, between consecutive purchases. Gaps of
 * less than a day are left out (an order split in two is one visit to the shop). At least two gaps are needed — one
 * gap says nothing usual — so fewer than three purchases on different days give none (null). The median, not the
 * mean: one long holiday between orders does not make a weekly buyer a monthly one.
 *
 * <p>Fed one purchase at a time in time order, contact after contact, so that a run streams purchases and keeps only
 * the current contact's gaps.
 */
final class ReorderCadence {

    static final int MIN_GAPS = 2;

    private final List<Long> gaps = new ArrayList<>();
    private Instant last;

    void add(Instant purchase) {
        if (last != null) {
            long days = Duration.between(last, purchase).toDays();
            if (days < 1) {
                return; // same visit to the shop: keep the first purchase as the reference
            }
            gaps.add(days);
        }
        last = purchase;
    }

    /** The median gap in days (halves rounded up), null with fewer than {@link #MIN_GAPS} gaps. */
    Integer usualIntervalDays() {
        if (gaps.size() < MIN_GAPS) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(gaps);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        long median = sorted.size() % 2 == 1 ? sorted.get(middle)
                : Math.round((sorted.get(middle - 1) + sorted.get(middle)) / 2.0);
        return (int) Math.min(Integer.MAX_VALUE, median);
    }

    static Integer usualIntervalDays(List<Instant> purchases) {
        ReorderCadence cadence = new ReorderCadence();
        purchases.forEach(cadence::add);
        return cadence.usualIntervalDays();
    }
}
