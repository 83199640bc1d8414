package io.rekindle.classification;

import io.rekindle.contact.EmailStatus;

/**
 * What the inactivity classification decides on, for one contact. A {@code daysSince…} is null when the thing never
 * happened; {@code loyaltyPointsChange} (points earned minus spent over the last 90 days) is null when the contact is
 * not in the loyalty programme.
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
        EmailStatus emailStatus) {

    public ClassificationInput {
        if (revenue != null && !Double.isFinite(revenue)) {
            throw new IllegalArgumentException("revenue must be a finite number");
        }
    }
}
