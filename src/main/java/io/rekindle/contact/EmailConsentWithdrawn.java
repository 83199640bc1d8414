package io.rekindle.contact;

/**
 * Published inside the transaction of a contact change that withdrew the email consent. {@code unsubscribe} is the
 * UNSUBSCRIBED event (channel EMAIL) stored for it in that transaction: the event intake delivers it to the
 * journeys there, as it does an unsubscribe posted by the company, so that the change and the end of the journeys
 * commit together.
 */
public record EmailConsentWithdrawn(long contactId, ActivityEvent unsubscribe) {
}
