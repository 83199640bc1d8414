package io.rekindle.events;

import io.rekindle.contact.EmailConsentWithdrawn;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact change that withdrew the email consent stored an UNSUBSCRIBED event (channel EMAIL): it reaches the
 * journeys as any unsubscribe does ({@link JourneyCorrelation}: every marketing journey ends at once), inside the
 * change's transaction.
 */
@Component
class ConsentWithdrawals {

    private final EventInbox inbox;

    ConsentWithdrawals(EventInbox inbox) {
        this.inbox = inbox;
    }

    @EventListener
    void emailConsentWithdrawn(EmailConsentWithdrawn withdrawn) {
        inbox.deliverWithin(withdrawn.unsubscribe());
    }
}
