package io.rekindle.events;

import java.util.Map;

import io.rekindle.contact.ActivityEvent;
import io.rekindle.contact.EventType;
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

    private final ProcessRuntime runtime;
    private final Reactivation reactivation;

    JourneyCorrelation(ProcessRuntime runtime, Reactivation reactivation) {
        this.runtime = runtime;
        this.reactivation = reactivation;
    }

    /** Returns the number of journeys the event moved on. */
    int correlate(ActivityEvent event, String messageProcessInstanceId) {
        int moved = switch (event.type()) {
            case PURCHASE -> runtime.deliverToWaitingByBusinessKey(Journeys.MESSAGE_PURCHASE_MADE,
                    String.valueOf(event.contactId()));
            case EMAIL_OPENED, EMAIL_CLICKED -> messageProcessInstanceId == null ? 0
                    : runtime.deliverToWaitingInstance(Journeys.MESSAGE_EMAIL_OPENED, messageProcessInstanceId);
            case VISIT -> 0; // read from the CRM at the journey's next check
            // every marketing journey of the contact ends at once (interrupting event subprocess)
            case UNSUBSCRIBED -> runtime.deliverToWaitingByBusinessKey(Journeys.MESSAGE_CONTACT_UNSUBSCRIBED,
                    String.valueOf(event.contactId()));
            case BOUNCED -> 0; // the address's status changes; the next send step reads it
            case SMS_REPLY -> 0; // never stored: a STOP reply is stored as UNSUBSCRIBED
            case LOYALTY_POINTS -> 0; // a balance, not an action: the daily classification reads how it moves
        };
        // the contact's own activity (opens do not count: mail clients prefetch images)
        if (event.type() == EventType.PURCHASE || event.type() == EventType.VISIT
                || event.type() == EventType.EMAIL_CLICKED) {
            moved += reactivated(event.contactId());
        }
        return moved;
    }

    /**
     * Purchase, visit or click: every reactivation journey of the contact ends with welcome back; a contact the
     * final removal isolated, in no journey any more, gets welcome back on its own.
     */
    private int reactivated(long contactId) {
        String businessKey = String.valueOf(contactId);
        // Check then act under the contact's row lock, in the inbox's transaction with the start: two comebacks at
        // the same moment would otherwise both find the contact removed and both start welcome back (two emails,
        // exempt from the pressure cap). The second waits, then finds the suppression lifted by the first's welcome
        // back. (A conflict with another change of the same journey is retried by the inbox, whole.)
        boolean removed = reactivation.lockContactReadingRemoved(contactId);
        int journeys = runtime.deliverToWaitingByBusinessKey(Journeys.MESSAGE_CONTACT_REACTIVATED, businessKey);
        // read before the correlation: with the row locked, only a reactivation journey (none here) changes it
        if (journeys == 0 && removed) {
            runtime.startByMessage(Journeys.MESSAGE_REMOVED_CONTACT_CAME_BACK, businessKey,
                    Map.of(Journeys.VAR_CONTACT_ID, contactId));
            journeys = 1;
        }
        return journeys;
    }
}
