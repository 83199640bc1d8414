package io.rekindle.email;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the dispatcher on a fixed delay, draining while there is work; tests switch this off and drive the dispatcher
 * themselves.
 */
@Configuration
@EnableScheduling
// on whenever the channel is: only the test profile sets rekindle.mail.scheduled=false, to drive the dispatcher itself
// (a @DefaultValue on the properties record does not feed this condition: a missing key must count as true here)
@ConditionalOnProperty(name = "rekindle.mail.enabled", havingValue = "true")
@ConditionalOnProperty(name = "rekindle.mail.scheduled", havingValue = "true", matchIfMissing = true)
class EmailDispatchSchedule {

    private final EmailDispatcher dispatcher;

    EmailDispatchSchedule(EmailDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${rekindle.mail.dispatch-interval:PT1S}")
    void dispatch() {
        dispatcher.drainDue();
    }
}
