package io.rekindle.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem (RFC 7807) this endpoint itself answers, beside those every endpoint of the API may answer (401, 403,
 * 429, 503) and those of its request body and typed parameters (400, 413, 415), which {@link ApiDocs} adds. Stands
 * on the handler, next to the code that throws it, so the API description says what the API does; or on an
 * annotation several handlers share.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(ApiProblem.List.class)
public @interface ApiProblem {

    /** The HTTP status, e.g. 404. */
    int status();

    /** When it is answered, for the reader of the API description. */
    String when();

    @Documented
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {
        ApiProblem[] value();
    }
}
