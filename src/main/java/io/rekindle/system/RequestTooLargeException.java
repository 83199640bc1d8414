package io.rekindle.system;

import java.io.IOException;

/** Raised while reading a body that grows past the configured limit (chunked bodies have no length). */
class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limit) {
        super("The request body exceeds " + limit + " bytes.");
    }
}
