package io.rekindle.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security makes the CSRF token only when something asks for it; our pages (and the Swagger UI) are static
 * files whose script reads it from its cookie, so a page's request asks for it here.
 */
class CsrfCookie extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.startsWith("/dashboard") || path.startsWith("/simulator") || path.startsWith("/swagger-ui")) {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
        }
        chain.doFilter(request, response);
    }
}
