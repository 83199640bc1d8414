package io.rekindle.system;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of our API is an RFC 7807 problem with a detail a sender can act on.
 * Framework errors (wrong media type, unknown route…) come from the base class as problems too.
 */
@RestControllerAdvice
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(e -> e.getField()))
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid fields: " + errors.stream()
                        .map(e -> e.get("field") + " " + e.get("message")).toList());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (findCause(ex, RequestTooLargeException.class) != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    findCause(ex, RequestTooLargeException.class).getMessage());
            problem.setTitle("Request body too large");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadableDetail(ex));
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String unreadableDetail(HttpMessageNotReadableException ex) {
        JsonParseException parse = findCause(ex, JsonParseException.class);
        if (parse != null && parse.getOriginalMessage() != null
                && parse.getOriginalMessage().startsWith("Duplicate field")) {
            return parse.getOriginalMessage().replace("Duplicate field", "Field") + " is given twice.";
        }
        InvalidFormatException format = findCause(ex, InvalidFormatException.class);
        if (format != null) {
            String field = fieldPath(format);
            if (format.getTargetType() != null && format.getTargetType().isEnum()) {
                return "Field '" + field + "' has value '" + format.getValue() + "'; expected one of "
                        + List.of(format.getTargetType().getEnumConstants()) + ".";
            }
            return "Field '" + field + "' has value '" + format.getValue() + "' which is not a valid "
                    + format.getTargetType().getSimpleName() + ".";
        }
        MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            return "Field '" + fieldPath(mismatch) + "' has the wrong type.";
        }
        return "The body is not valid JSON or is missing.";
    }

    private static String fieldPath(MismatchedInputException e) {
        return String.join(".", e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]").toList());
    }

    @ExceptionHandler(FieldProblemException.class)
    ProblemDetail invalidField(FieldProblemException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid fields: [" + ex.field() + " " + ex.getMessage() + "]");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail unprocessable(InvalidRequestException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, ex.getMessage());
        problem.setTitle("Request cannot be applied");
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflicting(ConflictException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + ex.getName() + "' has an invalid value.");
        problem.setTitle("Invalid parameter");
        return problem;
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail conflict(DataIntegrityViolationException ex) {
        // the database refused a write that validation let through (e.g. a concurrent duplicate)
        log.warn("Write refused by a database constraint: {}", ex.getMostSpecificCause().getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The request conflicts with stored data; nothing was written. Retry it.");
        problem.setTitle("Conflict");
        return problem;
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
