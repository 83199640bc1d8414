package io.rekindle.channel;

/**
 * A journey step asking for an email. {@code idempotencyKey} names the step (process instance and
 * activity): asking twice for the same key yields the same, single message.
 */
public record EmailRequest(
        String idempotencyKey,
        long contactId,
        String template,
        boolean withOffer,
        String journey,
        String processInstanceId,
        String activityId) {
}
