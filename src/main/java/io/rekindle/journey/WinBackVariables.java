package io.rekindle.journey;

import io.rekindle.engine.Variable;

/**
 * The variables of the reactivation journeys (inactive-winback, final-removal, welcome-back), typed: the contact,
 * the segment the daily classification found, and what "Check win-back eligibility" writes for the gateways and
 * the channel-selection decision.
 */
final class WinBackVariables {

    static final Variable<Long> CONTACT_ID = Journeys.CONTACT_ID;
    static final Variable<String> SEGMENT = Variable.of("segment", String.class);
    static final Variable<Boolean> ELIGIBLE = Variable.of("eligible", Boolean.class);
    /** Why the contact may not enter, or {@code ELIGIBLE} ({@link Reactivation.WinBackEntry}). */
    static final Variable<String> WIN_BACK_ENTRY = Variable.of("winBackEntry", String.class);
    static final Variable<String> EMAIL_STATUS = Variable.of("emailStatus", String.class);
    static final Variable<Boolean> EMAIL_CONSENT = Variable.of("emailConsent", Boolean.class);
    static final Variable<Integer> EMAIL_REACTIVITY = Variable.of("emailReactivity", Integer.class);
    static final Variable<Boolean> SMS_CONSENT = Variable.of("smsConsent", Boolean.class);
    static final Variable<Boolean> PHONE_KNOWN = Variable.of("phoneKnown", Boolean.class);
    /** Bought, visited or clicked since the win-back entry, as read from the CRM after a wait. */
    static final Variable<Boolean> CAME_BACK_SINCE_ENTRY = Variable.of("cameBackSinceEntry", Boolean.class);

    private WinBackVariables() {
    }
}
