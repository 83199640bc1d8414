package io.rekindle.journey;

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

    @Bean("suppressContact")
    JavaDelegate suppressContact(Reactivation reactivation) {
        return execution -> reactivation.suppress((Long) execution.getVariable(Journeys.VAR_CONTACT_ID));
    }

    @Bean("liftSuppression")
    JavaDelegate liftSuppression(Reactivation reactivation) {
        return execution -> reactivation.liftSuppression((Long) execution.getVariable(Journeys.VAR_CONTACT_ID));
    }
}
