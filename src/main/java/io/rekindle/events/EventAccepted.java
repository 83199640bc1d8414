package io.rekindle.events;

import java.time.Instant;

import io.rekindle.contact.EventType;

/**
 * What the event API answers: the stored event, whether it was a repeat, how many journeys it reached, and where its
 * correlation stands: DONE, or PENDING (stored; the correlation failed or runs elsewhere, and the inbox retries it —
 * the sender need not post it again).
 */
public record EventAccepted(long eventId, long contactId, EventType type, Instant occurredAt, boolean duplicate,
        int correlatedJourneys, EventInbox.Correlation correlation) {
}
