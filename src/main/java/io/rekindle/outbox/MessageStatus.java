package io.rekindle.outbox;

public enum MessageStatus {
    /** waiting for delivery (or for its next attempt) */
    PENDING,
    /** claimed by a dispatcher; returns to PENDING if that dispatcher dies */
    SENDING,
    SENT,
    /** refused for good by the server (e.g. unknown recipient) */
    FAILED,
    /** never to be sent: a send rule said no (suppressed, unsubscribed, consent, invalid address); the reason is recorded */
    SKIPPED
}
