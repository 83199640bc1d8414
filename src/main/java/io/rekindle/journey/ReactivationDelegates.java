package io.rekindle.journey;

import io.rekindle.engine.JourneyStep;
import io.rekindle.engine.ProcessRuntime;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine side of the reactivation journeys (inactive-winback, final-removal, welcome-back):
 * thin delegates that map variables and call {@link Reactivation}. The deliverability ramp's steps live with the
 * ramp ({@code deliverability}).
 */
@Configuration
class ReactivationDelegates {

    /** "Check win-back eligibility": the re-entry rule, and the channel-selection inputs. */
    @Bean("winBackEligibility")
    JourneyStep winBackEligibility(Reactivation reactivation, ProcessRuntime runtime) {
        return JourneyStep.of(step -> {
            long contactId = step.get(WinBackVariables.CONTACT_ID);
            boolean inAnotherJourney = runtime.running(step.businessKey()).stream()
                    .anyMatch(other -> !other.processInstanceId().equals(step.processInstanceId())
                            && Journeys.MARKETING_JOURNEYS.contains(other.processKey()));
            var check = reactivation.enterWinBack(contactId, step.get(WinBackVariables.SEGMENT), inAnotherJourney);
            step.set(WinBackVariables.ELIGIBLE, check.eligible());
            step.set(WinBackVariables.WIN_BACK_ENTRY, check.entry().name());
            step.set(WinBackVariables.EMAIL_STATUS, check.emailStatus());
            step.set(WinBackVariables.EMAIL_CONSENT, check.emailConsent());
            step.set(WinBackVariables.EMAIL_REACTIVITY, check.emailReactivity());
            step.set(WinBackVariables.SMS_CONSENT, check.smsConsent());
            step.set(WinBackVariables.PHONE_KNOWN, check.phoneKnown());
        });
    }

    /** "Check activity since win-back entry": reads the CRM, so events no journey was waiting for still count. */
    @Bean("comebackSinceWinBackEntry")
    JourneyStep comebackSinceWinBackEntry(Reactivation reactivation) {
        return JourneyStep.of(step -> step.set(WinBackVariables.CAME_BACK_SINCE_ENTRY,
                reactivation.cameBackSinceWinBackEntry(step.get(WinBackVariables.CONTACT_ID))));
    }

    @Bean("suppressContact")
    JourneyStep suppressContact(Reactivation reactivation) {
        return JourneyStep.of(step -> reactivation.suppress(step.get(WinBackVariables.CONTACT_ID)));
    }

    @Bean("liftSuppression")
    JourneyStep liftSuppression(Reactivation reactivation) {
        return JourneyStep.of(step -> reactivation.liftSuppression(step.get(WinBackVariables.CONTACT_ID)));
    }
}
