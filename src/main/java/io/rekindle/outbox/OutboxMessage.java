package io.rekindle.outbox;

import java.time.Instant;

/**
 * One message in the outbox, with the content exactly as it was (or will be) sent. {@code pressureLimit}: the
 * marketing-pressure limit that last deferred or skipped it ("INACTIVE: 1 per 14 days"), null when none did.
 */
public record OutboxMessage(
        long id,
        String idempotencyKey,
        long contactId,
        String channel,
        /** the sending stream of an email (reactivation, lifecycle), set when the row was written; null for an SMS */
        String stream,
        String template,
        String locale,
        String recipient,
        String subject,
        String bodyText,
        String bodyHtml,
        String offerCode,
        String journey,
        String processInstanceId,
        String activityId,
        MessageStatus status,
        String skipReason,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant sentAt,
        String pressureLimit,
        /** the variant experiment and arm the journey had put the contact in when it wrote the row; null if none */
        String experiment,
        String experimentArm) {
}
