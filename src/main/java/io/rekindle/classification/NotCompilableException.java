package io.rekindle.classification;

/** A decision the compiled path does not understand: the caller must use the real engine for that decision version. */
public class NotCompilableException extends Exception {

    public NotCompilableException(String message) {
        super(message);
    }
}
