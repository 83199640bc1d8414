package io.rekindle.deliverability;

import java.util.List;
import java.util.Map;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.ProcessRuntime;
import io.rekindle.experiment.Holdouts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine side of the {@link DeliverabilityRamp}: the win-back joins the queue for a send slot, the daily
 * classification grants slots and wakes the journeys up. Thin delegates: map variables, call the ramp.
 */
@Configuration
class RampSteps {

    /**
     * "Join the deliverability ramp": the email waits for a send slot unless the ramp is off. A contact held out of
     * the journey's messages (its holdout, the global control group) is sent nothing: it goes on without a slot,
     * and takes none from the contacts who do get the email.
     */
    @Bean("joinDeliverabilityRamp")
    JourneyStep joinDeliverabilityRamp(DeliverabilityRamp ramp, Holdouts holdouts) {
        return JourneyStep.of(step -> {
            long contactId = step.get(RampVariables.CONTACT_ID);
            step.set(RampVariables.SEND_SLOT_GRANTED, holdouts.holdsBackMarketing(contactId,
                    step.get(RampVariables.JOURNEY_ARM)) || ramp.join(contactId, step.processInstanceId()));
        });
    }

    /**
     * "Grant email send slots" (daily classification): one batch of slots per job, the most recently active
     * first; a journey that ended meanwhile leaves the queue without using a slot. Sets {@code allSlotsGranted}.
     */
    @Bean("grantSendSlots")
    JourneyStep grantSendSlots(DeliverabilityRamp ramp, ProcessRuntime runtime) {
        return JourneyStep.of(step -> {
            List<DeliverabilityRamp.Slot> slots = ramp.nextSlots(ramp.batchSize());
            int granted = 0;
            for (var slot : slots) {
                // correlateAll: no exception (which would doom the job's transaction) when the journey is gone.
                // The variable goes with the message: "Join the deliverability ramp" left it false, and Cockpit and
                // the history should show that the slot came
                boolean waiting = runtime.correlateAll(RampVariables.MESSAGE_SEND_SLOT_GRANTED, null,
                        slot.processInstanceId(), Map.of(RampVariables.SEND_SLOT_GRANTED.name(), true)) > 0;
                if (waiting) {
                    ramp.granted(slot);
                    granted++;
                } else {
                    ramp.gone(slot);
                }
            }
            Long before = step.get(RampVariables.SEND_SLOTS_GRANTED);
            step.set(RampVariables.SEND_SLOTS_GRANTED, (before == null ? 0L : before) + granted);
            step.set(RampVariables.ALL_SLOTS_GRANTED, slots.size() < ramp.batchSize());
        });
    }
}
