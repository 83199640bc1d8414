package io.rekindle.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Our API and the engine REST API take HTTP Basic (what Camunda Modeler sends when it deploys),
 * statelessly. The Camunda webapps keep their own login form and CSRF protection, backed by the
 * same engine users; the admin user is created from configuration, so there is no setup screen.
 */
@Configuration
class SecurityConfig {

    /**
     * Our pages (dashboard, simulator, survey, unsubscribe) load scripts from files of ours only, never inline or
     * from elsewhere, post forms to themselves only, and are framed by no one.
     */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        // path patterns on the whole request path: the engine REST API is a Jersey servlet, which
        // Spring MVC matchers (the default for plain strings) would not see
        var paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/engine-rest/**"),
                        paths.matcher("/actuator/**"), paths.matcher("/dashboard"), paths.matcher("/dashboard/**"),
                        paths.matcher("/simulator/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths.matcher("/actuator/health"), paths.matcher("/actuator/health/**"))
                        .permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint()))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problemEntryPoint()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // stateless Basic auth, no cookies: CSRF does not apply
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY)));
        return http.build();
    }

    /**
     * The survey page and the one-click unsubscribe link are public: people open it from their
     * mailbox, without an account. The signed token in the address is what protects it, so there is no
     * session and no CSRF token; a form post carries the token in its own URL. Nothing else lives here.
     */
    @Bean
    @Order(2)
    SecurityFilterChain publicLinkSecurity(HttpSecurity http) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/survey/**"), paths.matcher("/unsubscribe/**"),
                        paths.matcher("/t/**")))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(
                        ReferrerPolicy.NO_REFERRER)).contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webappSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                // the Camunda webapps run their own CSRF prevention filter and login
                .csrf(csrf -> csrf.disable())
                .headers(Customizer.withDefaults());
        return http.build();
    }

    private static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, authException) -> writeUnauthorized(response);
    }

    private static void writeUnauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Rekindle\"");
        ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                "Send HTTP Basic credentials of a Rekindle (Camunda) user.");
    }
}
