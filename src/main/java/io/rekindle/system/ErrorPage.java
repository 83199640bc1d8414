package io.rekindle.system;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;

/**
 * Spring Boot's error page, except when someone asks for {@code /error} itself: no error happened, so it is a 404
 * problem rather than Boot's "status 999" answered as a 500.
 */
@Controller
class ErrorPage extends BasicErrorController {

    ErrorPage(ErrorAttributes attributes, ServerProperties server, ObjectProvider<ErrorViewResolver> resolvers) {
        super(attributes, server.getError(), resolvers.orderedStream().toList());
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Map.of("type", "about:blank", "title", "Not Found", "status", 404,
                            "detail", "No such resource."));
        }
        return super.error(request);
    }

    @Override
    protected HttpStatus getStatus(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? HttpStatus.NOT_FOUND
                : super.getStatus(request);
    }
}
