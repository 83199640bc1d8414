package io.rekindle.engine;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks HTTP Basic and login-form credentials against the engine's users, so that our API, the engine REST API
 * (used by Camunda Modeler to deploy) and the webapps (Cockpit, Tasklist, Admin) share one user base. The user's
 * groups become their roles ({@link Role}) and go with the request to the engine ({@link EngineRestAuthentication}).
 */
@Component
class EngineIdentityAuthenticationProvider implements AuthenticationProvider {

    static final String GROUP_PREFIX = "GROUP_";

    private final IdentityService identityService;
    private final VerifiedCredentials verified;

    EngineIdentityAuthenticationProvider(IdentityService identityService, VerifiedCredentials verified) {
        this.identityService = identityService;
        this.verified = verified;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (user == null || credentials == null) {
            throw new BadCredentialsException("Bad credentials");
        }
        // a wrong password is never in the cache: it reaches the engine, fails there and the throttle counts it
        List<GrantedAuthority> authorities = verified.authorities(user, credentials.toString(),
                () -> checked(user, credentials.toString()));
        var authenticated = UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
        authenticated.setDetails(authentication.getDetails());
        return authenticated;
    }

    private List<GrantedAuthority> checked(String user, String password) {
        if (!identityService.checkPassword(user, password)) {
            throw new BadCredentialsException("Bad credentials");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Group group : identityService.createGroupQuery().groupMember(user).list()) {
            authorities.add(new SimpleGrantedAuthority(GROUP_PREFIX + group.getId()));
            Role.ofGroup(group.getId()).ifPresent(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.role())));
        }
        return authorities;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
