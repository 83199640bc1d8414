package io.rekindle.classification;

/** A classification run is already going: runs never overlap. */
public class RunInProgressException extends RuntimeException {

    private final long runId;

    RunInProgressException(long runId) {
        super("Classification run " + runId + " is still in progress.");
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
