package io.rekindle.classification;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.rekindle.contact.EmailStatus;

/** What a classification run reads of one contact: the decision's inputs and the current outcome. */
record ContactSnapshot(
        long id,
        Instant signedUpAt,
        Instant lastPurchaseAt,
        Instant lastVisitAt,
        Instant lastOpenAt,
        Instant lastClickAt,
        int purchaseCount,
        BigDecimal revenue,
        Integer loyaltyPointsChange,
        EmailStatus emailStatus,
        String segment,
        String inactivityType,
        Integer priority,
        String ruleId) {

    /** The decision's inputs, with every "days since" counted at {@code reference}. */
    ClassificationInput input(Instant reference) {
        return new ClassificationInput(days(signedUpAt, reference), days(lastPurchaseAt, reference),
                days(lastVisitAt, reference), days(lastOpenAt, reference), days(lastClickAt, reference),
                purchaseCount, revenue == null ? 0.0 : revenue.doubleValue(), loyaltyPointsChange, emailStatus);
    }

    boolean sameOutcome(ClassificationResult result) {
        return java.util.Objects.equals(segment, result.segment())
                && java.util.Objects.equals(inactivityType, result.inactivityType())
                && java.util.Objects.equals(priority, result.priority())
                && java.util.Objects.equals(ruleId, result.matchedRule().ruleId());
    }

    private static Integer days(Instant time, Instant reference) {
        if (time == null) {
            return null;
        }
        // an event stamped slightly after the run's reference time happened "today"
        return (int) Math.max(0, ChronoUnit.DAYS.between(time, reference));
    }
}
