package io.rekindle.events;

import java.time.Instant;

import io.rekindle.contact.EventType;

/** What the event API answers: the stored event, whether it was a repeat, how many journeys it reached. */
public record EventAccepted(long eventId, long contactId, EventType type, Instant occurredAt, boolean duplicate,
        int correlatedJourneys) {
}
