package io.rekindle.system;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import io.rekindle.engine.Role;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Our API and the engine REST API take HTTP Basic (what Camunda Modeler and the company's
 * systems send), statelessly; the pages people open (dashboard, simulator) take a login form and a session whose
 * cookie never goes with a change another site asks for, with a CSRF token on every change. Every route needs a role
 * ({@link Role}, the user's engine groups); the engine REST API and the webapps check the same groups' engine
 * authorizations. The Camunda webapps keep their own login form and CSRF protection, backed by the same users.
 */
@Configuration
class SecurityConfig {

    /**
     * Our pages (dashboard, simulator, survey, unsubscribe) load scripts from files of ours only, never inline or
     * from elsewhere, post forms to themselves only, and are framed by no one.
     */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String ADMIN = Role.ADMINISTRATOR.role();
    private static final String MARKETING = Role.MARKETING_OPS.role();
    private static final String ANALYST = Role.ANALYST.role();
    private static final String SERVICE = Role.CUSTOMER_SERVICE.role();
    private static final String INTEGRATION = Role.INTEGRATION.role();
    private static final String VIEWER = Role.VIEWER.role();
    private static final String[] ALL_ROLES = Arrays.stream(Role.values()).map(Role::role)
            .toArray(String[]::new);

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, LoginThrottle throttle) throws Exception {
        // path patterns on the whole request path: the engine REST API is a Jersey servlet, which
        // Spring MVC matchers (the default for plain strings) would not see
        var paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher pages = new OrRequestMatcher(paths.matcher("/dashboard"), paths.matcher("/dashboard/**"),
                paths.matcher("/simulator"), paths.matcher("/simulator/**"), paths.matcher("/swagger-ui.html"),
                paths.matcher("/swagger-ui/**"));
        RequestMatcher apiDocs = new OrRequestMatcher(paths.matcher("/v3/api-docs"), paths.matcher("/v3/api-docs.yaml"),
                paths.matcher("/v3/api-docs/**"));
        var requestCache = new HttpSessionRequestCache();
        // only a page remembers where to go back after the login form; an API call never opens a session
        requestCache.setRequestMatcher(pages);
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/engine-rest/**"),
                        paths.matcher("/actuator/**"), apiDocs, pages, paths.matcher("/login"),
                        paths.matcher("/logout")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths.matcher("/actuator/health"), paths.matcher("/actuator/health/**"))
                        .permitAll()
                        .requestMatchers(paths.matcher("/login"), paths.matcher("/logout")).permitAll()
                        // the API's description (and the Swagger UI reading it): every role calls some of the API
                        .requestMatchers(apiDocs, paths.matcher("/swagger-ui.html"), paths.matcher("/swagger-ui/**"))
                        .hasAnyRole(ALL_ROLES)
                        // the company's systems
                        .requestMatchers(paths.matcher(HttpMethod.POST, "/api/contacts"),
                                paths.matcher(HttpMethod.PATCH, "/api/contacts"),
                                paths.matcher(HttpMethod.PATCH, "/api/contacts/*"),
                                paths.matcher("/api/contacts/imports"), paths.matcher("/api/contacts/imports/**"),
                                paths.matcher("/api/events"), paths.matcher("/api/events/**"),
                                paths.matcher(HttpMethod.POST, "/api/segment/v1/*"),
                                paths.matcher(HttpMethod.POST, "/api/cloudevents"))
                        .hasAnyRole(INTEGRATION, ADMIN)
                        // analysts: classification runs and the explanation of a contact's segment
                        .requestMatchers(paths.matcher("/api/classification/**"),
                                paths.matcher(HttpMethod.GET, "/api/contacts/*/classification"))
                        .hasAnyRole(ANALYST, ADMIN)
                        // the marketing-pressure limit of a contact: the analysts' table, the messages marketing sent
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/api/contacts/*/pressure"))
                        .hasAnyRole(ANALYST, MARKETING, ADMIN)
                        // stopping a variant experiment changes what journeys do: marketing ops, as deploying does
                        .requestMatchers(paths.matcher(HttpMethod.POST, "/api/experiments/*/stop"))
                        .hasAnyRole(MARKETING, ADMIN)
                        // experiments' results: the analysts read them, marketing ops set the experiments up
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/api/experiments"),
                                paths.matcher(HttpMethod.GET, "/api/experiments/*"))
                        .hasAnyRole(ANALYST, MARKETING, ADMIN)
                        // figures, no personal data
                        .requestMatchers(paths.matcher("/dashboard"),
                                paths.matcher("/dashboard/**"), paths.matcher(HttpMethod.GET, "/api/kpis"),
                                paths.matcher(HttpMethod.GET, "/api/kpis/**"),
                                paths.matcher(HttpMethod.GET, "/api/deliverability-ramp"))
                        .hasAnyRole(VIEWER, ANALYST, MARKETING, ADMIN)
                        // marketing ops: journeys, their migrations, the simulator, the outbox they send through
                        .requestMatchers(paths.matcher("/simulator"), paths.matcher("/simulator/**"),
                                paths.matcher("/api/simulations/**"), paths.matcher("/api/simulations"),
                                paths.matcher("/api/journeys/**"), paths.matcher(HttpMethod.GET, "/api/outbox"),
                                paths.matcher(HttpMethod.GET, "/api/outbox/**"))
                        .hasAnyRole(MARKETING, ADMIN)
                        // the engine checks each user's authorizations itself; integrations and viewers have no use
                        .requestMatchers(paths.matcher("/engine-rest/**"))
                        .hasAnyRole(MARKETING, ANALYST, SERVICE, ADMIN)
                        // contacts' personal data, erasures, metrics, login throttles and anything not named above
                        .anyRequest().hasRole(ADMIN))
                .httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint()))
                .formLogin(form -> form.defaultSuccessUrl("/dashboard"))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), pages)
                        .defaultAuthenticationEntryPointFor(problemEntryPoint(), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler((request, response, denied) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "Forbidden", "Your roles do not allow this. An administrator"
                                        + " gives roles by group membership (Admin → Groups).")))
                // No session policy set here (IF_REQUIRED is the default): setting one adds Spring Security's
                // SessionManagementFilter, which stored every HTTP Basic authentication in a new session, one per
                // call of a machine client; a client that kept the cookie was then asked for a CSRF token. The login
                // form still opens a session (its filter saves the login there, with session fixation protection).
                // a change made with the page's session needs the page's token; a machine client (HTTP Basic, no
                // cookie) has no session a foreign page could ride, so none is asked of it
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(request -> !CrossSiteRequests.SAFE_METHODS.contains(
                                request.getMethod())
                                && (request.getRequestedSessionId() != null
                                        || request.getRequestURI().equals("/login")
                                        || request.getRequestURI().equals("/logout"))))
                .addFilterBefore(new CrossSiteRequests(), CsrfFilter.class)
                .addFilterBefore(new ThrottledLogins(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new CsrfCookie(), BasicAuthenticationFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY)));
        return http.build();
    }

    /** The page's script reads the token from this cookie (never sent cross-site) and sends it back in a header. */
    private static CookieCsrfTokenRepository csrfTokens() {
        var tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return tokens;
    }

    /**
     * The survey, preference and one-click unsubscribe pages are public: people open them from their
     * mailbox, without an account. The signed token in the address is what protects them, so there is no
     * session and no CSRF token: a forged cross-site post would need the token, which only the contact's
     * mailbox holds; a form post carries it in its own URL. Nothing else lives here.
     */
    @Bean
    @Order(2)
    SecurityFilterChain publicLinkSecurity(HttpSecurity http) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/survey/**"), paths.matcher("/unsubscribe/**"),
                        paths.matcher("/preferences/**"), paths.matcher("/t/**")))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(
                        ReferrerPolicy.NO_REFERRER)).contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY)));
        return http.build();
    }

    /**
     * No Micrometer observation around each filter of the chains, each authentication and each authorization: 9 % of
     * a sign-up's CPU in the packaged jar, for metrics no dashboard of ours reads (the requests' own
     * {@code http_server_requests} stay).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
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
