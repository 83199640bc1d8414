package io.rekindle.engine;

/**
 * A step cannot reach a result, an outcome the diagram models (a BPMN error with this code, caught by a boundary
 * event); not a technical failure, which is retried and then becomes an incident.
 */
public class StepError extends RuntimeException {

    private final String code;

    public StepError(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
