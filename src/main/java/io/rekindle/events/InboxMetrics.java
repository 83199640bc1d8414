package io.rekindle.events;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Gauges of the inbox, read at scrape time: events whose correlation has not had its effect yet, and how long the
 * oldest of them has waited (an alert on the age finds a stuck event; the count alone grows with any burst). The
 * attempts are counted where they happen ({@link EventInbox}).
 */
@Component
class InboxMetrics implements MeterBinder {

    private final InboxRepository inbox;
    private final Clock clock;

    InboxMetrics(InboxRepository inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("rekindle.events.inbox.pending", inbox::countPending)
                .description("Accepted events whose correlation with the journeys has not had its effect yet")
                .register(registry);
        Gauge.builder("rekindle.events.inbox.oldest.pending.age", this::oldestAgeSeconds)
                .description("Seconds since the oldest pending event was received (0: none pending)")
                .baseUnit("seconds").register(registry);
    }

    private double oldestAgeSeconds() {
        return inbox.oldestPending().map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0).orElse(0.0);
    }
}
