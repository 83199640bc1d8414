package io.rekindle.journey;

import io.rekindle.contact.ContactService;
import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.Step;
import io.rekindle.engine.StepError;

import org.springframework.stereotype.Component;

/** "Check activity since sign-up": reads the CRM, so events no one was waiting for still count. */
@Component("activitySinceSignUpCheck")
class ActivitySinceSignUpCheck extends JourneyStep {

    private final ContactService contacts;

    ActivitySinceSignUpCheck(ContactService contacts) {
        this.contacts = contacts;
    }

    @Override
    protected void run(Step step) {
        long contactId = step.get(RelaunchVariables.CONTACT_ID);
        var contact = contacts.find(contactId)
                .orElseThrow(() -> new StepError("ContactGone", "Contact " + contactId + " no longer exists"));
        step.set(RelaunchVariables.ACTIVE_SINCE_SIGN_UP, contact.activeSinceSignUp());
    }
}
