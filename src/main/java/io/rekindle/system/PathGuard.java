package io.rekindle.system;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any other filter or servlet, a request path that a servlet container and a path matcher could read
 * differently: path parameters ({@code /engine-rest;x=1/user}), dot segments ({@code /./}, {@code /../}), empty
 * segments and their percent-encoded forms. Tomcat routes {@code /engine-rest;x=1/user} to the engine's servlet while
 * our security rules (on {@code /engine-rest/**}) do not see it as theirs; none of our clients sends such a path, so
 * it gets a plain 400 problem, with nothing logged but a line.
 */
@Configuration(proxyBeanMethods = false)
class PathGuard {

    private static final Pattern AMBIGUOUS = Pattern.compile(
            ";|//|/\\.{1,2}(/|$)|%2e|%2f|%5c|%3b|%00|\\\\", Pattern.CASE_INSENSITIVE);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> pathGuardFilter() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                if (ambiguous(request.getRequestURI())) {
                    ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "Bad Request",
                            "The path has parameters, dot segments or encoded separators; ask for the plain path.");
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    static boolean ambiguous(String rawPath) {
        return rawPath != null && AMBIGUOUS.matcher(rawPath.toLowerCase(Locale.ROOT)).find();
    }
}
