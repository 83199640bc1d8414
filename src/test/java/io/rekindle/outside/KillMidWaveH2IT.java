package io.rekindle.outside;

import java.time.Duration;

class KillMidWaveH2IT extends KillMidWaveOutsideIn {

    @Override
    Database database() {
        return Database.H2;
    }

    /**
     * The embedded H2 writes committed transactions to its file in the background, up to 500 ms later (its default
     * {@code WRITE_DELAY}; it keeps no redo log): a process killed sooner loses them, and the last rows marked SENT are
     * PENDING again after the restart (seen: the two messages recorded 0.2 and 0.35 s before the kill went twice).
     * That widens the window no client can close, on the embedded default only; the kill waits it out.
     */
    @Override
    Duration durableAfter() {
        return Duration.ofSeconds(1);
    }
}
