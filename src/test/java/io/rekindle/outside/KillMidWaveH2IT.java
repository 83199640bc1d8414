package io.rekindle.outside;

/**
 * On the embedded default too: a commit is on disk when the dispatcher moves on (the H2 URL sets WRITE_DELAY=0; with
 * H2's default 500 ms, a process killed right after recording two messages lost them and they went twice).
 */
class KillMidWaveH2IT extends KillMidWaveOutsideIn {

    @Override
    Database database() {
        return Database.H2;
    }
}
