package io.rekindle.contact;

import java.time.Instant;

/**
 * One changed field of a contact: when, where the change came from ({@code api}, {@code import:<id>},
 * {@code segment}, …), and the value before and after (null = none).
 */
public record ContactHistoryEntry(Instant changedAt, String source, String field, String oldValue,
        String newValue) {
}
