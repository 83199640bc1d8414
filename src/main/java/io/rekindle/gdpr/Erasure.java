package io.rekindle.gdpr;

import java.time.Instant;

/** One line of the erasure log: nothing personal, the contact id only. */
public record Erasure(long contactId, Instant erasedAt, String reason, String processInstanceId, String summary) {
}
