package io.rekindle.events;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rekindle.contact.ActivityEvent;
import io.rekindle.engine.ProcessRuntime;
import io.rekindle.journey.Journeys;
import io.rekindle.journey.Reactivation;

import org.springframework.stereotype.Component;

/**
 * Delivers stored events to the journeys waiting for them. Events are stored first; a journey that
 * is not waiting right now reads the CRM when it gets there, so no correlation here is "lost". Runs inside the
 * inbox's transaction (see {@link EventInbox}): all of an event's correlations commit together with its DONE, or
 * none of them does, and the inbox tries again.
 */
@Component
class JourneyCorrelation {

    /** A purchase's two messages by business key, looked up in one read (see {@link #purchase}). */
    private static final List<String> PURCHASE_MESSAGES = List.of(Journeys.MESSAGE_PURCHASE_MADE,
            Journeys.MESSAGE_CONTACT_REACTIVATED);

    private final ProcessRuntime runtime;
    private final Reactivation reactivation;

    JourneyCorrelation(ProcessRuntime runtime, Reactivation reactivation) {
        this.runtime = runtime;
        this.reactivation = reactivation;
    }

    /** Returns the number of journeys the event moved on. */
    int correlate(ActivityEvent event, String messageProcessInstanceId) {
        long contactId = event.contactId();
        return switch (event.type()) {
            case PURCHASE -> purchase(contactId);
            // the contact's own activity is a comeback; an open is not (mail clients prefetch images)
            case EMAIL_OPENED -> opened(messageProcessInstanceId);
            case EMAIL_CLICKED -> opened(messageProcessInstanceId) + comeback(contactId, lockReadingRemoved(contactId),
                    true);
            case VISIT -> comeback(contactId, lockReadingRemoved(contactId), true); // and read from the CRM
            // every marketing journey of the contact ends at once (interrupting event subprocess)
            case UNSUBSCRIBED -> runtime.deliverToWaitingByBusinessKey(Journeys.MESSAGE_CONTACT_UNSUBSCRIBED,
                    String.valueOf(contactId));
            case BOUNCED -> 0; // the address's status changes; the next send step reads it
            case SMS_REPLY -> 0; // never stored: a STOP reply is stored as UNSUBSCRIBED
            case LOYALTY_POINTS -> 0; // a balance, not an action: the daily classification reads how it moves
        };
    }

    /**
     * A purchase ends the relaunch waiting for it and is a comeback. The comeback's lock comes first; then one read
     * says which of the two messages anyone waits for, as the purchase arrives: most purchases reach no journey, and
     * a correlation per message would read once each.
     */
    private int purchase(long contactId) {
        boolean removed = lockReadingRemoved(contactId);
        String businessKey = String.valueOf(contactId);
        Set<String> awaited = runtime.awaitedByBusinessKey(businessKey, PURCHASE_MESSAGES);
        int relaunches = !awaited.contains(Journeys.MESSAGE_PURCHASE_MADE) ? 0
                : runtime.deliverToWaitingByBusinessKey(Journeys.MESSAGE_PURCHASE_MADE, businessKey);
        return relaunches + comeback(contactId, removed, awaited.contains(Journeys.MESSAGE_CONTACT_REACTIVATED));
    }

    /** An open or a click moves the journey that sent that email, if it waits for it. */
    private int opened(String messageProcessInstanceId) {
        return messageProcessInstanceId == null ? 0
                : runtime.deliverToWaitingInstance(Journeys.MESSAGE_EMAIL_OPENED, messageProcessInstanceId);
    }

    /**
     * Locks the contact's row for the comeback's check-then-act, before any correlation of the event, and reads
     * whether the final removal isolated it. Two comebacks at the same moment would otherwise both find the contact
     * removed and both start welcome back (two emails, exempt from the pressure cap): the second waits, then finds
     * the suppression lifted by the first's welcome back. (A conflict with another change of the same journey is
     * retried by the inbox, whole.) With the row locked, only a reactivation journey changes it, and then no
     * welcome back starts here.
     */
    private boolean lockReadingRemoved(long contactId) {
        return reactivation.lockContactReadingRemoved(contactId);
    }

    /**
     * Purchase, visit or click: every reactivation journey of the contact ends with welcome back ({@code anyoneWaits}
     * false: a read found none waiting); a contact the final removal isolated ({@code removed}, read under the lock),
     * in no journey any more, gets welcome back on its own.
     */
    private int comeback(long contactId, boolean removed, boolean anyoneWaits) {
        String businessKey = String.valueOf(contactId);
        int journeys = !anyoneWaits ? 0
                : runtime.deliverToWaitingByBusinessKey(Journeys.MESSAGE_CONTACT_REACTIVATED, businessKey);
        if (journeys == 0 && removed) {
            runtime.startByMessage(Journeys.MESSAGE_REMOVED_CONTACT_CAME_BACK, businessKey,
                    Map.of(Journeys.VAR_CONTACT_ID, contactId));
            journeys = 1;
        }
        return journeys;
    }
}
