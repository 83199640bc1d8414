package io.rekindle.journey;

import io.rekindle.outbox.OutboxService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send … SMS": like {@code sendEmail}, an outbox row in the step's transaction keyed by the step.
 * Inputs (set in the Modeler): {@code template} ({@code templates/mail/<template>_<locale>.sms}), {@code withOffer}.
 */
@Component("sendSms")
@StepInputs({Journeys.INPUT_TEMPLATE, Journeys.INPUT_WITH_OFFER})
class SendSmsDelegate implements JavaDelegate {

    private final OutboxService outbox;

    SendSmsDelegate(OutboxService outbox) {
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = String.valueOf(execution.getVariableLocal(Journeys.INPUT_TEMPLATE));
        boolean withOffer = Boolean.parseBoolean(String.valueOf(execution.getVariableLocal(Journeys.INPUT_WITH_OFFER)));
        try {
            outbox.enqueueSms(SendEmailDelegate.request(execution, template, withOffer));
        } catch (RuntimeException e) {
            throw SendStepFailure.explain(e, (Long) execution.getVariable(Journeys.VAR_CONTACT_ID), template);
        }
    }
}
