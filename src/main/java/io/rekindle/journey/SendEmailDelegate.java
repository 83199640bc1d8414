package io.rekindle.journey;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.Step;
import io.rekindle.experiment.Holdouts;
import io.rekindle.experiment.Variants;
import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;

import org.springframework.stereotype.Component;

/**
 * "Send … email": puts the message in the outbox within the step's transaction. The step's identity
 * (process instance + activity) is the idempotency key, so a retried or re-executed step never
 * produces a second message. Inputs (set in the Modeler): {@code template}, {@code withOffer}. A contact the journey
 * holds out ({@code experimentArm}) or in the global control group gets a SKIPPED row instead (the outbox decides).
 */
@Component("sendEmail")
@StepInputs({Journeys.INPUT_TEMPLATE, Journeys.INPUT_WITH_OFFER})
class SendEmailDelegate extends JourneyStep {

    private final OutboxService outbox;

    SendEmailDelegate(OutboxService outbox) {
        this.outbox = outbox;
    }

    @Override
    protected void run(Step step) {
        String template = String.valueOf(step.input(Journeys.INPUT_TEMPLATE));
        boolean withOffer = Boolean.parseBoolean(String.valueOf(step.input(Journeys.INPUT_WITH_OFFER)));
        try {
            outbox.enqueueEmail(request(step, template, withOffer), step.variable(Holdouts.VAR_ARM));
        } catch (RuntimeException e) {
            throw SendStepFailure.explain(e, step.get(Journeys.CONTACT_ID), template);
        }
    }

    /** The step's identity as idempotency key, the journey for the KPIs, the variant arm for the experiments. */
    static EmailRequest request(Step step, String template, boolean withOffer) {
        return new EmailRequest(step.processInstanceId() + ":" + step.activityId(), step.get(Journeys.CONTACT_ID),
                template, withOffer, step.processKey(), step.processInstanceId(), step.activityId())
                .withExperiment(step.variable(Variants.VAR_EXPERIMENT), step.variable(Variants.VAR_ARM));
    }
}
