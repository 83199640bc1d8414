package io.rekindle.system;

/** One field of an otherwise readable request is invalid: a 400 problem naming the field. */
public class FieldProblemException extends RuntimeException {

    private final String field;

    public FieldProblemException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
