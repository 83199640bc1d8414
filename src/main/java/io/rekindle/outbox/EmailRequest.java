package io.rekindle.outbox;

import java.util.Map;

/**
 * A journey step asking for an email. {@code idempotencyKey} names the step (process instance and
 * activity): asking twice for the same key yields the same, single message. {@code links} are extra
 * template variables the step computed (such as {@code surveyUrl}, a signed link), never user input.
 */
public record EmailRequest(
        String idempotencyKey,
        long contactId,
        String template,
        boolean withOffer,
        String journey,
        String processInstanceId,
        String activityId,
        Map<String, String> links) {

    public EmailRequest {
        links = links == null ? Map.of() : Map.copyOf(links);
    }

    public EmailRequest(String idempotencyKey, long contactId, String template, boolean withOffer, String journey,
            String processInstanceId, String activityId) {
        this(idempotencyKey, contactId, template, withOffer, journey, processInstanceId, activityId, Map.of());
    }
}
