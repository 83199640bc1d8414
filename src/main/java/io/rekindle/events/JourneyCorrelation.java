package io.rekindle.events;

import io.rekindle.contact.EventType;

import io.rekindle.contact.ActivityEvent;
import io.rekindle.engine.ProcessRuntime;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import io.rekindle.journey.Journeys;
import io.rekindle.journey.Reactivation;

/**
 * Delivers stored events to the journeys waiting for them. Events are stored first; a journey that
 * is not waiting right now reads the CRM when it gets there, so no correlation here is "lost".
 */
@Component
class JourneyCorrelation {

    private static final Logger log = LoggerFactory.getLogger(JourneyCorrelation.class);
    private static final int ATTEMPTS = 3;

    private final ProcessRuntime runtime;
    private final Reactivation reactivation;
    private final TransactionTemplate comebackTransaction;

    JourneyCorrelation(ProcessRuntime runtime, Reactivation reactivation, PlatformTransactionManager transactions) {
        this.runtime = runtime;
        this.reactivation = reactivation;
        this.comebackTransaction = new TransactionTemplate(transactions);
    }

    /** Returns the number of journeys the event moved on. */
    int correlate(ActivityEvent event, String messageProcessInstanceId) {
        int moved = switch (event.type()) {
            case PURCHASE -> withRetry(() -> runtime.correlateAllByBusinessKey(Journeys.MESSAGE_PURCHASE_MADE,
                    String.valueOf(event.contactId())));
            case EMAIL_OPENED, EMAIL_CLICKED -> messageProcessInstanceId == null ? 0
                    : withRetry(() -> runtime.correlateAllByProcessInstance(Journeys.MESSAGE_EMAIL_OPENED,
                            messageProcessInstanceId));
            case VISIT -> 0; // read from the CRM at the journey's next check
            // every marketing journey of the contact ends at once (interrupting event subprocess)
            case UNSUBSCRIBED -> withRetry(() -> runtime.correlateAllByBusinessKey(
                    Journeys.MESSAGE_CONTACT_UNSUBSCRIBED, String.valueOf(event.contactId())));
            case BOUNCED -> 0; // the address's status changes; the next send step reads it
            case SMS_REPLY -> 0; // never stored: a STOP reply is stored as UNSUBSCRIBED
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
        // Check then act under the contact's row lock, in one transaction with the start: two comebacks at the same
        // moment would otherwise both find the contact removed and both start welcome back (two emails, exempt from
        // the pressure cap). The second waits, then finds the suppression lifted by the first's welcome back.
        return withRetry(() -> comebackTransaction.execute(tx -> {
            reactivation.lockContact(contactId);
            int journeys = runtime.correlateAllByBusinessKey(Journeys.MESSAGE_CONTACT_REACTIVATED, businessKey);
            if (journeys == 0 && reactivation.removed(contactId)) {
                runtime.startByMessage(Journeys.MESSAGE_REMOVED_CONTACT_CAME_BACK, businessKey,
                        Map.of(Journeys.VAR_CONTACT_ID, contactId));
                journeys = 1;
            }
            return journeys;
        }));
    }

    private int withRetry(java.util.function.IntSupplier correlation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return correlation.getAsInt();
            } catch (ProcessRuntime.ConcurrentChange e) {
                // a timer or another event moved the same journey at the same moment: try again on fresh state
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("Correlation conflict, attempt {}", attempt);
            }
        }
    }
}
