package io.rekindle.engine;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The engine REST API runs as the user who called it: Spring Security has checked the credentials, and the engine
 * checks that user's authorizations (and their groups') on every resource. Without this the engine would see no
 * user, and a user with no rights would have every right through the REST API.
 */
@Configuration
class EngineRestAuthentication {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> engineRestAsCaller(IdentityService identityService) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                Authentication caller = SecurityContextHolder.getContext().getAuthentication();
                if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
                    // Spring Security lets no anonymous request through to /engine-rest: refuse rather than run unchecked
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    return;
                }
                List<String> groups = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith(EngineIdentityAuthenticationProvider.GROUP_PREFIX))
                        .map(a -> a.substring(EngineIdentityAuthenticationProvider.GROUP_PREFIX.length())).toList();
                identityService.setAuthentication(caller.getName(), groups);
                try {
                    chain.doFilter(request, response);
                } finally {
                    identityService.clearAuthentication();
                }
            }
        });
        registration.addUrlPatterns("/engine-rest/*");
        // after Spring Security (-100), which has set the caller
        registration.setOrder(0);
        registration.setName("engineRestAsCaller");
        return registration;
    }
}
