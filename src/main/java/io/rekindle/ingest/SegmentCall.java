package io.rekindle.ingest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.rekindle.system.ApiProblem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

import org.springframework.http.MediaType;

/**
 * What every route of Segment's HTTP Tracking API shares in the API description: its body is a JSON object, read by
 * the handler itself (its size bounded there), so springdoc cannot see it from a parameter.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
@interface SegmentCall {

    /** A call about one contact, named by its userId: the shared body, and the 404 of a userId nobody has. */
    @Documented
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @SegmentCall
    @ApiProblem(status = 404, when = "No contact has this userId as external id; nothing recorded.")
    @interface OfAContact {
    }
}
