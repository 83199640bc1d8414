package io.rekindle.journey;

import java.util.Map;

import io.rekindle.contact.ContactSignedUp;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Starts the relaunch journey of a new contact, inside the sign-up transaction. */
@Component
class JourneyStarter {

    private final RuntimeService runtime;

    JourneyStarter(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @EventListener
    void onSignUp(ContactSignedUp signUp) {
        if (!signUp.newSignUp()) {
            return;
        }
        runtime.startProcessInstanceByKey(Journeys.NEW_SIGNUP_RELAUNCH, String.valueOf(signUp.contactId()),
                Map.of(Journeys.VAR_CONTACT_ID, signUp.contactId()));
    }
}
