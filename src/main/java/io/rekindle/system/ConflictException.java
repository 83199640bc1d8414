package io.rekindle.system;

/** The request contradicts what is stored (e.g. an event id already used for another event): a 409 problem. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
