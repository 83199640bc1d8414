package io.rekindle.classification;

import io.rekindle.contact.EmailStatus;

/**
 * What the inactivity classification decides on, for one contact. A {@code daysSince…} is null when the thing never
 * happened. {@code loyaltyPointsChange}: the loyalty-points balance reported last before the run minus the balance
 * reported last at least 90 days before it (0 = stagnant); null unless the company reported a balance 90 days ago or
 * earlier (no baseline, no change: a member who joined last week is not "stagnant"). {@code usualReorderDays}: the
 * median gap between the contact's purchases ({@link ReorderCadence}), null with fewer than two gaps.
 * {@code daysOverdueVsCadence}: days since the last purchase minus the usual interval (negative: not due yet), null
 * when either is — so "usually buys every 20 days, has not bought for 60" is {@code usualReorderDays <= 20} and
 * {@code daysOverdueVsCadence >= 40}.
 */
public record ClassificationInput(
        Integer daysSinceSignUp,
        Integer daysSinceLastPurchase,
        Integer daysSinceLastVisit,
        Integer daysSinceLastOpen,
        Integer daysSinceLastClick,
        Integer purchaseCount,
        Double revenue,
        Integer loyaltyPointsChange,
        EmailStatus emailStatus,
        Integer usualReorderDays,
        Integer daysOverdueVsCadence) {

    /** Without purchase cadence (a contact with fewer than two gaps between purchases). */
    public ClassificationInput(Integer daysSinceSignUp, Integer daysSinceLastPurchase, Integer daysSinceLastVisit,
            Integer daysSinceLastOpen, Integer daysSinceLastClick, Integer purchaseCount, Double revenue,
            Integer loyaltyPointsChange, EmailStatus emailStatus) {
        this(daysSinceSignUp, daysSinceLastPurchase, daysSinceLastVisit, daysSinceLastOpen, daysSinceLastClick,
                purchaseCount, revenue, loyaltyPointsChange, emailStatus, null, null);
    }

    public ClassificationInput {
        if (revenue != null && !Double.isFinite(revenue)) {
            throw new IllegalArgumentException("revenue must be a finite number");
        }
    }
}
