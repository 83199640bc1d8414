package io.rekindle.experiment;

/**
 * What a variant experiment is trying to move, as marketing ops pick it in the Modeler. All four are read per contact
 * of an arm within the attribution window after its assignment: a PURCHASE (conversion), a purchase, visit or a
 * person's click (reactivation, as the KPIs count it), the purchases' amounts (revenue per contact), an UNSUBSCRIBED
 * event (unsubscribe rate: lower is better).
 */
public enum GoalMetric {
    CONVERSION, REACTIVATION, REVENUE_PER_CONTACT, UNSUBSCRIBE_RATE;

    /** Whether a lower figure is the better one. */
    boolean lowerIsBetter() {
        return this == UNSUBSCRIBE_RATE;
    }
}
