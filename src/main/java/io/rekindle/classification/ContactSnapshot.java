package io.rekindle.classification;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.rekindle.contact.EmailStatus;

/**
 * What a classification run reads of one contact: the decision's inputs and the current outcome. The loyalty change
 * and the usual reorder interval are read for the reference time of the run (see {@link ClassificationInput}).
 */
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
        String ruleId,
        Integer usualReorderDays) {

    ContactSnapshot withUsualReorderDays(Integer days) {
        return new ContactSnapshot(id, signedUpAt, lastPurchaseAt, lastVisitAt, lastOpenAt, lastClickAt, purchaseCount,
                revenue, loyaltyPointsChange, emailStatus, segment, inactivityType, priority, ruleId, days);
    }

    /** The decision's inputs, with every "days since" counted at {@code reference}. */
    ClassificationInput input(Instant reference) {
        Integer sinceLastPurchase = days(lastPurchaseAt, reference);
        Integer overdue = sinceLastPurchase == null || usualReorderDays == null ? null
                : sinceLastPurchase - usualReorderDays;
        return new ClassificationInput(days(signedUpAt, reference), sinceLastPurchase,
                days(lastVisitAt, reference), days(lastOpenAt, reference), days(lastClickAt, reference),
                purchaseCount, revenue == null ? 0.0 : revenue.doubleValue(), loyaltyPointsChange, emailStatus,
                usualReorderDays, overdue);
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
