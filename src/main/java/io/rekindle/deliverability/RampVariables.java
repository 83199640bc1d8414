package io.rekindle.deliverability;

import io.rekindle.engine.Variable;
import io.rekindle.experiment.Holdouts;

/**
 * The ramp's share of the journeys, typed: the win-back's wait for a send slot ({@code inactive-winback}) and the
 * daily classification's "Grant email send slots" ({@code daily-classification}).
 */
final class RampVariables {

    /** Message: the ramp gave this win-back its email send slot (correlated by process instance). */
    static final String MESSAGE_SEND_SLOT_GRANTED = "SendSlotGranted";

    /** The win-back's contact (the journeys' {@code contactId}). */
    static final Variable<Long> CONTACT_ID = Variable.of("contactId", Long.class);
    /** The win-back's holdout arm, when it has a holdout ({@link Holdouts#VAR_ARM}). */
    static final Variable<String> JOURNEY_ARM = Variable.of(Holdouts.VAR_ARM, String.class);
    /** The win-back may send its email (the ramp is off, or its slot was granted), or waits. */
    static final Variable<Boolean> SEND_SLOT_GRANTED = Variable.of("sendSlotGranted", Boolean.class);
    /** Daily classification: slots granted so far in this run. */
    static final Variable<Long> SEND_SLOTS_GRANTED = Variable.of("sendSlotsGranted", Long.class);
    /** Daily classification: no one waits for a slot any more (the last batch was not full). */
    static final Variable<Boolean> ALL_SLOTS_GRANTED = Variable.of("allSlotsGranted", Boolean.class);

    private RampVariables() {
    }
}
