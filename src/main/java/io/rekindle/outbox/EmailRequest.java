package io.rekindle.outbox;

import java.util.Map;

/**
 * A journey step asking for an email. {@code idempotencyKey} names the step (process instance and
 * activity): asking twice for the same key yields the same, single message. {@code links} are extra
 * template variables the step computed (such as {@code surveyUrl}, a signed link), never user input.
 * {@code experiment} and {@code experimentArm}: the variant experiment and arm the journey put the contact in (null
 * when none), written on the row.
 */
public record EmailRequest(
        String idempotencyKey,
        long contactId,
        String template,
        boolean withOffer,
        String journey,
        String processInstanceId,
        String activityId,
        Map<String, String> links,
        String experiment,
        String experimentArm) {

    public EmailRequest {
        links = links == null ? Map.of() : Map.copyOf(links);
    }

    public EmailRequest(String idempotencyKey, long contactId, String template, boolean withOffer, String journey,
            String processInstanceId, String activityId, Map<String, String> links) {
        this(idempotencyKey, contactId, template, withOffer, journey, processInstanceId, activityId, links, null, null);
    }

    /** This request under the journey's variant arm (its variables, null when it went through no split). */
    public EmailRequest withExperiment(Object experiment, Object arm) {
        return experiment == null || arm == null ? this : new EmailRequest(idempotencyKey, contactId, template,
                withOffer, journey, processInstanceId, activityId, links, String.valueOf(experiment),
                String.valueOf(arm));
    }

    public EmailRequest(String idempotencyKey, long contactId, String template, boolean withOffer, String journey,
            String processInstanceId, String activityId) {
        this(idempotencyKey, contactId, template, withOffer, journey, processInstanceId, activityId, Map.of());
    }
}
