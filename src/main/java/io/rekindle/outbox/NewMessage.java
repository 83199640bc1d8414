package io.rekindle.outbox;

/** A rendered message about to enter the outbox. */
record NewMessage(
        String idempotencyKey,
        long contactId,
        String channel,
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
        String experiment,
        String experimentArm) {
}
