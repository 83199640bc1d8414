package io.rekindle.ingest;

import io.rekindle.events.EventRequest;

/**
 * One inbound event after translation: the sender's id for it ({@code messageId}, or a CloudEvent's {@code id}), its
 * name (Segment event name or CloudEvents type) and the event API request it becomes — null when it is ignored, with
 * the {@code reason}.
 */
record Inbound(String id, String name, EventRequest request, String reason) {

    static Inbound ignored(String id, String name, String reason) {
        return new Inbound(id, name, null, reason);
    }
}
