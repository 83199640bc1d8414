package io.rekindle.ingest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems only the ingestion routes answer. A body over the limit is a 400 on Segment's routes, as Segment's
 * API answers it (its clients treat a 413 no differently, but tools written against Segment expect its status), and
 * a 413 on the CloudEvents route, as HTTP says.
 */
@RestControllerAdvice(basePackageClasses = IngestProblems.class)
class IngestProblems {

    @ExceptionHandler(Bodies.TooLarge.class)
    ProblemDetail tooLarge(Bodies.TooLarge e, jakarta.servlet.http.HttpServletRequest request) {
        HttpStatus status = request.getRequestURI().startsWith("/api/segment/") ? HttpStatus.BAD_REQUEST
                : HttpStatus.PAYLOAD_TOO_LARGE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("Request body too large");
        problem.setProperty("maxBytes", e.max);
        return problem;
    }

    @ExceptionHandler(Bodies.Malformed.class)
    ProblemDetail malformed(Bodies.Malformed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Malformed request body");
        return problem;
    }
}
