package io.rekindle.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database out of reach (stopped, restarting, the network between): every request that needed it answers a 503
 * problem with Retry-After, so that the company's systems retry (an event with the same {@code eventId}) rather than
 * give up on a 500. One filter around everything, so it is caught wherever it surfaces: in a controller or before
 * one, e.g. while the login is checked against the engine's users. Nothing is half-written: each write is one
 * transaction.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final String DETAIL = "The database cannot be reached right now. Retry in a few seconds; an event keeps "
            + "its eventId.";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> databaseOutageFilter() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | RuntimeException e) {
                    if (!DatabaseUnreachable.causes(e) || response.isCommitted()) {
                        throw e;
                    }
                    log.warn("Database unreachable: answered 503 ({})", e.getClass().getSimpleName());
                    response.reset();
                    response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                    ProblemResponses.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", DETAIL);
                }
            }
        });
        // right after the path guard, before security: the login itself reads the database
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
