package io.rekindle.ingest;

import io.rekindle.events.EventRequest;

/**
 * One inbound event after translation: the sender's id for it ({@code messageId}, or a CloudEvent's {@code id}), its
 * name (Segment event name or CloudEvents type) and the event API request it becomes — or null when it is ignored
 * ({@code reason} says why) or was a contact change already applied ({@code changedContact}, {@code reason} says
 * what changed).
 */
record Inbound(String id, String name, EventRequest request, String reason, Long changedContact) {

    Inbound(String id, String name, EventRequest request) {
        this(id, name, request, null, null);
    }

    static Inbound ignored(String id, String name, String reason) {
        return new Inbound(id, name, null, reason, null);
    }

    static Inbound contactChanged(String id, String name, long contactId, String what) {
        return new Inbound(id, name, null, what, contactId);
    }
}
