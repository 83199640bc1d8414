package io.rekindle.outbox;

import java.time.Duration;

/** Capped exponential backoff for delivery retries: base, 2 × base, 4 × base… never more than max. */
public final class Backoff {

    private Backoff() {
    }

    public static Duration after(int attempts, Duration base, Duration max) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration delay = base.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
