package io.rekindle.sms;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the SMS dispatcher on a fixed delay; tests switch this off and drive the dispatcher themselves. */
@Configuration
@EnableScheduling
// on whenever the channel is: only the test profile sets rekindle.sms.scheduled=false, to drive the dispatcher itself
// (a @DefaultValue on the properties record does not feed this condition: a missing key must count as true here)
@ConditionalOnProperty(name = "rekindle.sms.enabled", havingValue = "true")
@ConditionalOnProperty(name = "rekindle.sms.scheduled", havingValue = "true", matchIfMissing = true)
class SmsDispatchSchedule {

    private final SmsDispatcher dispatcher;

    SmsDispatchSchedule(SmsDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${rekindle.sms.dispatch-interval:PT5S}")
    void dispatch() {
        dispatcher.dispatchDue();
    }
}
