package io.rekindle.ingest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.rekindle.contact.EventType;
import io.rekindle.events.EventInbox;

/**
 * What became of one inbound event: ACCEPTED (stored, as {@code eventId}, of {@code type}), DUPLICATE (its id was
 * already taken in; nothing new stored), IGNORED (a name no mapping turns into one of our events: {@code reason}) or
 * REJECTED ({@code problem}, RFC 7807; nothing of it stored). {@code index}: its place in the batch, from 0;
 * {@code id}: the sender's id for it ({@code messageId} or the CloudEvent's {@code id}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventResult(int index, String id, Status status, String event, Long eventId, Long contactId,
        EventType type, EventInbox.Correlation correlation, String reason, Problem problem) {

    public enum Status {
        ACCEPTED, DUPLICATE, IGNORED, REJECTED
    }

    /** An RFC 7807 problem for one event of a batch, as the single-event endpoints would answer it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String type, String title, int status, String detail, List<Map<String, String>> errors) {
    }

    /**
     * A batch, answered event by event (always 200 when the body could be read: each event succeeded or failed on
     * its own). {@code success}: no event was rejected.
     */
    public record BatchAnswer(boolean success, int accepted, int duplicates, int ignored, int rejected,
            List<EventResult> results) {

        static BatchAnswer of(List<EventResult> results) {
            int[] counts = new int[Status.values().length];
            results.forEach(r -> counts[r.status().ordinal()]++);
            return new BatchAnswer(counts[Status.REJECTED.ordinal()] == 0, counts[Status.ACCEPTED.ordinal()],
                    counts[Status.DUPLICATE.ordinal()], counts[Status.IGNORED.ordinal()],
                    counts[Status.REJECTED.ordinal()], results);
        }
    }
}
