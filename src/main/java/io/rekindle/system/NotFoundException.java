package io.rekindle.system;

/** Something the request names does not exist: a 404 problem. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
