package io.rekindle.journey;

import io.rekindle.contact.ContactService;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Check activity since sign-up": reads the CRM, so events no one was waiting for still count. */
@Component("activitySinceSignUpCheck")
class ActivitySinceSignUpCheck implements JavaDelegate {

    private final ContactService contacts;

    ActivitySinceSignUpCheck(ContactService contacts) {
        this.contacts = contacts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long contactId = (Long) execution.getVariable(Journeys.VAR_CONTACT_ID);
        var contact = contacts.find(contactId)
                .orElseThrow(() -> new BpmnError("ContactGone", "Contact " + contactId + " no longer exists"));
        execution.setVariable(Journeys.VAR_ACTIVE_SINCE_SIGN_UP, contact.activeSinceSignUp());
    }
}
