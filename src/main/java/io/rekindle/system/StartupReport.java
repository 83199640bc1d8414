package io.rekindle.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells a first-time user where things are and how to log in, without printing any secret. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final String adminUser;
    private final String passwordFile;

    StartupReport(@Value("${rekindle.security.admin-user}") String adminUser,
            @Value("${rekindle.security.admin-password-file:}") String passwordFile) {
        this.adminUser = adminUser;
        this.passwordFile = passwordFile;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report(ApplicationReadyEvent ready) {
        String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        log.info("Rekindle is up: API http://localhost:{}/api, Cockpit http://localhost:{}/camunda/app/cockpit/, "
                + "engine REST http://localhost:{}/engine-rest", port, port, port);
        if (passwordFile.isBlank()) {
            log.info("Log in as '{}' with the password from REKINDLE_ADMIN_PASSWORD", adminUser);
        } else {
            log.info("Log in as '{}'; the generated local password is in {}", adminUser, passwordFile);
        }
    }
}
