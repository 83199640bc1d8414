package io.rekindle.journey;

import io.rekindle.engine.Variable;

/** The variables of the new-signup relaunch ({@code bpmn/new-signup-relaunch.bpmn}), typed. */
final class RelaunchVariables {

    static final Variable<Long> CONTACT_ID = Journeys.CONTACT_ID;
    /** Purchased or visited since sign-up, as read from the CRM ("Check activity since sign-up"). */
    static final Variable<Boolean> ACTIVE_SINCE_SIGN_UP = Variable.of(Journeys.VAR_ACTIVE_SINCE_SIGN_UP,
            Boolean.class);

    private RelaunchVariables() {
    }
}
