package io.rekindle.unsubscribe;

import io.rekindle.contact.EventType;
import io.rekindle.contact.UnsubscribeChannel;
import io.rekindle.events.EventIntake;
import io.rekindle.events.EventRequest;
import io.rekindle.preferences.UnsubscribedFromEverything;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * "Unsubscribe from everything" on the preference page is an unsubscribe like the link's, for every channel: the
 * same UNSUBSCRIBED event, in the transaction that stored the choice, so it ends the marketing journeys at once and
 * the KPIs count it as any other unsubscribe.
 */
@Component
class UnsubscribeFromPreferences {

    private final EventIntake events;

    UnsubscribeFromPreferences(EventIntake events) {
        this.events = events;
    }

    @EventListener
    void on(UnsubscribedFromEverything unsubscribed) {
        events.accept(new EventRequest(unsubscribed.contactId(), null, EventType.UNSUBSCRIBED, null, null, null, null,
                null, UnsubscribeChannel.ALL));
    }
}
