package io.rekindle.system;

/** The request is well-formed but cannot be applied (e.g. it names another contact's message): a 422 problem. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
