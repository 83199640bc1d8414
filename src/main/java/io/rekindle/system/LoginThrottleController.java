package io.rekindle.system;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An administrator lets a user whose logins were slowed down ({@link LoginThrottle}) try again at once. */
@RestController
@Tag(name = "Login throttles")
class LoginThrottleController {

    private final LoginThrottle throttle;

    LoginThrottleController(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Operation(summary = "Let an account be tried again at once", description = "Clears the waits after wrong"
            + " passwords for this account, from every address.")
    @ApiResponse(responseCode = "204", description = "Cleared (also when there was nothing to clear)")
    @DeleteMapping("/api/login-throttles/{account}")
    ResponseEntity<Void> clear(@PathVariable String account) {
        throttle.clear(account);
        return ResponseEntity.noContent().build();
    }
}
