package io.rekindle.preferences;

/**
 * Published when a contact pressed "Unsubscribe from everything" on its preference page, inside the transaction that
 * stored it: the unsubscribe feature turns it into the UNSUBSCRIBED event (channel ALL) every other unsubscribe is,
 * so that it ends the contact's marketing journeys the same way.
 */
public record UnsubscribedFromEverything(long contactId) {
}
