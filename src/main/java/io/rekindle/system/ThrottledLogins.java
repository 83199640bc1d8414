package io.rekindle.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** A login (HTTP Basic or the login form) from a source that must wait ({@link LoginThrottle}) is not even checked. */
class ThrottledLogins extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    ThrottledLogins(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> account = account(request);
        if (account.isPresent()) {
            Optional<Duration> wait = throttle.waitFor(request.getRemoteAddr(), account.get());
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                response.setHeader("Retry-After", Long.toString(seconds));
                ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many wrong passwords",
                        "Too many wrong passwords from here: try again in " + seconds + " s. The account itself is"
                                + " not locked; an administrator can clear the wait.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> account(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        if ("POST".equals(request.getMethod()) && "/login".equals(request.getRequestURI())) {
            return Optional.ofNullable(request.getParameter("username"));
        }
        return Optional.empty();
    }
}
