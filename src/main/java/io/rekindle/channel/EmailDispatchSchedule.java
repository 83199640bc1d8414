package io.rekindle.channel;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the dispatcher on a fixed delay; tests switch this off and drive the dispatcher themselves. */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = {"rekindle.mail.enabled", "rekindle.mail.scheduled"}, havingValue = "true")
class EmailDispatchSchedule {

    private final EmailDispatcher dispatcher;

    EmailDispatchSchedule(EmailDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${rekindle.mail.dispatch-interval:PT5S}")
    void dispatch() {
        dispatcher.dispatchDue();
    }
}
