package io.rekindle.contact;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One stored event. {@code duplicate} is true when the sender had already delivered it (same source id);
 * {@code channel} is set for UNSUBSCRIBED only.
 */
public record ActivityEvent(
        long id,
        long contactId,
        EventType type,
        Instant occurredAt,
        String sourceEventId,
        BigDecimal amount,
        String offerCode,
        Long messageId,
        UnsubscribeChannel channel,
        boolean duplicate) {
}
