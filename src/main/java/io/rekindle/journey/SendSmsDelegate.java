package io.rekindle.journey;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.Step;
import io.rekindle.experiment.Holdouts;
import io.rekindle.outbox.OutboxService;

import org.springframework.stereotype.Component;

/**
 * "Send … SMS": like {@code sendEmail}, an outbox row in the step's transaction keyed by the step.
 * Inputs (set in the Modeler): {@code template} ({@code templates/mail/<template>_<locale>.sms}), {@code withOffer}.
 */
@Component("sendSms")
@StepInputs({Journeys.INPUT_TEMPLATE, Journeys.INPUT_WITH_OFFER})
class SendSmsDelegate extends JourneyStep {

    private final OutboxService outbox;

    SendSmsDelegate(OutboxService outbox) {
        this.outbox = outbox;
    }

    @Override
    protected void run(Step step) {
        String template = String.valueOf(step.input(Journeys.INPUT_TEMPLATE));
        boolean withOffer = Boolean.parseBoolean(String.valueOf(step.input(Journeys.INPUT_WITH_OFFER)));
        try {
            outbox.enqueueSms(SendEmailDelegate.request(step, template, withOffer),
                    step.variable(Holdouts.VAR_ARM));
        } catch (RuntimeException e) {
            throw SendStepFailure.explain(e, step.get(Journeys.CONTACT_ID), template);
        }
    }
}
