package io.rekindle.system;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A change that a page of another site asks the browser to make is refused, whatever credentials the browser would
 * add (a remembered HTTP Basic login, a cookie): browsers say where a request comes from ({@code Sec-Fetch-Site},
 * else {@code Origin}), machine clients send neither. Reads pass; the public links (one-click unsubscribe comes
 * from the mailbox provider) are not behind this filter.
 */
class CrossSiteRequests extends OncePerRequestFilter {

    /** Methods that change nothing: neither this rule nor the CSRF token applies to them. */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
            ProblemResponses.write(response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                    "A page of another site cannot make changes here. Call the API from a program (HTTP Basic, no"
                            + " Origin) or use our own pages.");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameHost(origin, request.getHeader("Host"));
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException notAnOrigin) {
            // "null" (a sandboxed or file page) and anything unreadable are someone else's
            return false;
        }
    }
}
