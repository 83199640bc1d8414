package io.rekindle.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.rekindle.engine.EngineInternals;

/**
 * An application clock that can be stopped at a moment and moved on (journey simulator, tests); the engine's clock
 * follows it, so timers fire when the application says it is time. Until moved, and after {@link #reset}, it is the
 * system clock. The engine's clock is one per JVM: one movable clock per JVM, too.
 */
public final class MovableClock extends Clock {

    private static final Clock SYSTEM = Clock.tickMillis(ZoneOffset.UTC);

    private volatile Instant stoppedAt;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        Instant at = stoppedAt;
        return at != null ? at : SYSTEM.instant();
    }

    /** Stops the clock (and the engine's) at {@code instant}, to the millisecond as the engine keeps time. */
    public synchronized void moveTo(Instant instant) {
        stoppedAt = instant.truncatedTo(ChronoUnit.MILLIS);
        EngineInternals.setEngineTime(stoppedAt);
    }

    public synchronized void advance(Duration duration) {
        moveTo(instant().plus(duration));
    }

    /** Back to the system clock, the engine's too. */
    public synchronized void reset() {
        stoppedAt = null;
        EngineInternals.resetEngineTime();
    }
}
