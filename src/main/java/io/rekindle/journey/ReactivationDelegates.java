package io.rekindle.journey;

import java.util.List;

import io.rekindle.deliverability.DeliverabilityRamp;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine side of the reactivation journeys (inactive-winback, final-removal, welcome-back):
 * thin delegates that map variables and call {@link Reactivation}.
 */
@Configuration
class ReactivationDelegates {

    /** "Check win-back eligibility": the re-entry rule, and the channel-selection inputs. */
    @Bean("winBackEligibility")
    JavaDelegate winBackEligibility(Reactivation reactivation, RuntimeService runtime) {
        return execution -> {
            long contactId = (Long) execution.getVariable(Journeys.VAR_CONTACT_ID);
            boolean inAnotherJourney = runtime.createProcessInstanceQuery()
                    .processInstanceBusinessKey(execution.getProcessBusinessKey()).list().stream()
                    .anyMatch(other -> !other.getId().equals(execution.getProcessInstanceId())
                            && Journeys.MARKETING_JOURNEYS.contains(other.getProcessDefinitionId().split(":")[0]));
            var check = reactivation.enterWinBack(contactId, (String) execution.getVariable("segment"),
                    inAnotherJourney);
            execution.setVariable("eligible", check.eligible());
            execution.setVariable("winBackEntry", check.entry().name());
            execution.setVariable("emailStatus", check.emailStatus());
            execution.setVariable("emailConsent", check.emailConsent());
            execution.setVariable("emailReactivity", check.emailReactivity());
            execution.setVariable("smsConsent", check.smsConsent());
            execution.setVariable("phoneKnown", check.phoneKnown());
        };
    }

    /** "Join the deliverability ramp": the email waits for a send slot unless the ramp is off. */
    @Bean("joinDeliverabilityRamp")
    JavaDelegate joinDeliverabilityRamp(DeliverabilityRamp ramp) {
        return execution -> execution.setVariable(Journeys.VAR_SEND_SLOT_GRANTED,
                ramp.join((Long) execution.getVariable(Journeys.VAR_CONTACT_ID), execution.getProcessInstanceId()));
    }

    /**
     * "Grant email send slots" (daily classification): one batch of slots per job, the most recently active
     * first; a journey that ended meanwhile leaves the queue without using a slot. Sets {@code allSlotsGranted}.
     */
    @Bean("grantSendSlots")
    JavaDelegate grantSendSlots(DeliverabilityRamp ramp, RuntimeService runtime) {
        return execution -> {
            List<DeliverabilityRamp.Slot> slots = ramp.nextSlots(ramp.batchSize());
            int granted = 0;
            for (var slot : slots) {
                // correlateAll: no exception (which would doom the job's transaction) when the journey is gone.
                // The variable goes with the message: "Join the deliverability ramp" left it false, and Cockpit and
                // the history should show that the slot came
                boolean waiting = !runtime.createMessageCorrelation(Journeys.MESSAGE_SEND_SLOT_GRANTED)
                        .processInstanceId(slot.processInstanceId())
                        .setVariable(Journeys.VAR_SEND_SLOT_GRANTED, true)
                        .correlateAllWithResult().isEmpty();
                if (waiting) {
                    ramp.granted(slot);
                    granted++;
                } else {
                    ramp.gone(slot);
                }
            }
            Long before = (Long) execution.getVariable("sendSlotsGranted");
            execution.setVariable("sendSlotsGranted", (before == null ? 0L : before) + granted);
            execution.setVariable("allSlotsGranted", slots.size() < ramp.batchSize());
        };
    }

    @Bean("suppressContact")
    JavaDelegate suppressContact(Reactivation reactivation) {
        return execution -> reactivation.suppress((Long) execution.getVariable(Journeys.VAR_CONTACT_ID));
    }

    @Bean("liftSuppression")
    JavaDelegate liftSuppression(Reactivation reactivation) {
        return execution -> reactivation.liftSuppression((Long) execution.getVariable(Journeys.VAR_CONTACT_ID));
    }
}
