package io.rekindle.system;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An administrator lets a user whose logins were slowed down ({@link LoginThrottle}) try again at once. */
@RestController
class LoginThrottleController {

    private final LoginThrottle throttle;

    LoginThrottleController(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @DeleteMapping("/api/login-throttles/{account}")
    ResponseEntity<Void> clear(@PathVariable String account) {
        throttle.clear(account);
        return ResponseEntity.noContent().build();
    }
}
