package io.rekindle.journey;

import io.rekindle.outbox.EmailRequest;
import io.rekindle.outbox.OutboxService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send … email": puts the message in the outbox within the step's transaction. The step's identity
 * (process instance + activity) is the idempotency key, so a retried or re-executed step never
 * produces a second message. Inputs (set in the Modeler): {@code template}, {@code withOffer}.
 */
@Component("sendEmail")
@StepInputs({Journeys.INPUT_TEMPLATE, Journeys.INPUT_WITH_OFFER})
class SendEmailDelegate implements JavaDelegate {

    private final OutboxService outbox;

    SendEmailDelegate(OutboxService outbox) {
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = String.valueOf(execution.getVariableLocal(Journeys.INPUT_TEMPLATE));
        boolean withOffer = Boolean.parseBoolean(String.valueOf(execution.getVariableLocal(Journeys.INPUT_WITH_OFFER)));
        try {
            outbox.enqueueEmail(request(execution, template, withOffer));
        } catch (RuntimeException e) {
            throw SendStepFailure.explain(e, (Long) execution.getVariable(Journeys.VAR_CONTACT_ID), template);
        }
    }

    /** The step's identity as idempotency key, the journey for the KPIs. */
    static EmailRequest request(DelegateExecution execution, String template, boolean withOffer) {
        String journey = execution.getProcessDefinitionId().split(":")[0];
        return new EmailRequest(execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId(),
                (Long) execution.getVariable(Journeys.VAR_CONTACT_ID), template, withOffer, journey,
                execution.getProcessInstanceId(), execution.getCurrentActivityId());
    }
}
