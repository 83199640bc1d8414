package io.rekindle.email;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says at start-up whether emails leave, so nobody waits for a message that stays in the outbox. */
@Component
class MailModeReport {

    private static final Logger log = LoggerFactory.getLogger(MailModeReport.class);

    private final MailProperties properties;

    MailModeReport(MailProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        if (properties.enabled()) {
            log.info("Email delivery is on: the outbox is sent over SMTP every {}", properties.dispatchInterval());
        } else {
            log.warn("Email delivery is OFF (REKINDLE_MAIL_ENABLED=false): messages stay in the outbox; "
                    + "read them at GET /api/outbox");
        }
    }
}
