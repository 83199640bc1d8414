package io.rekindle.journey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.rekindle.engine.ProcessRuntime;

import org.springframework.stereotype.Component;

/**
 * Puts a contact who signed up some days ago (an imported customer) into the relaunch at the point a sign-up on
 * that day would be now: waiting for J+30, 30 days after the real sign-up, not after the import. The welcome is for
 * a sign-up as it happens: an imported contact enters after it.
 */
@Component
public class RelaunchEntry {

    private final ProcessRuntime runtime;
    private final Clock clock;

    RelaunchEntry(ProcessRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Starts the relaunch for the contact, in the caller's transaction, counted from {@code signedUpAt}. */
    public void enter(long contactId, Instant signedUpAt) {
        Duration since = Duration.between(signedUpAt, clock.instant());
        runtime.startAtAsOf(Journeys.NEW_SIGNUP_RELAUNCH, Journeys.RELAUNCH_J30, String.valueOf(contactId),
                Map.of(Journeys.VAR_CONTACT_ID, contactId), since.isNegative() ? Duration.ZERO : since);
    }
}
