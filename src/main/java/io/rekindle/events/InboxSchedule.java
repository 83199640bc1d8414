package io.rekindle.events;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Retries the inbox's due events on a fixed delay, on every node, in every shipped configuration. Only the test
 * profile (and the simulator, which runs on a clock of its own) set {@code rekindle.inbox.scheduled=false} to drive
 * {@link EventInbox#retryDue()} themselves.
 */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "rekindle.inbox.scheduled", havingValue = "true", matchIfMissing = true)
class InboxSchedule {

    private final EventInbox inbox;

    InboxSchedule(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Scheduled(fixedDelayString = "${rekindle.inbox.retry-interval:PT5S}")
    void retry() {
        inbox.retryDue();
    }
}
