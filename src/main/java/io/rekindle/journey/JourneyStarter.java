package io.rekindle.journey;

import java.util.Map;

import io.rekindle.contact.ContactSignedUp;
import io.rekindle.engine.ProcessRuntime;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Starts the relaunch journey of a new contact, inside the sign-up transaction. */
@Component
class JourneyStarter {

    private final ProcessRuntime runtime;

    JourneyStarter(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    @EventListener
    void onSignUp(ContactSignedUp signUp) {
        if (!signUp.newSignUp()) {
            return;
        }
        runtime.start(Journeys.NEW_SIGNUP_RELAUNCH, String.valueOf(signUp.contactId()),
                Map.of(Journeys.VAR_CONTACT_ID, signUp.contactId()));
    }
}
