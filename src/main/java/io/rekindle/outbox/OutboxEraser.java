package io.rekindle.outbox;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rendered messages hold the address, the name and the offer code: they go. The row stays (channel,
 * template, journey, step, status, times) for the send and delivery figures; a message not yet delivered
 * is never delivered (SKIPPED, reason ERASED).
 */
@Component
@Order(10) // our tables first, the engine's history after them (see PersonalDataEraser)
class OutboxEraser implements PersonalDataEraser {

    private final JdbcClient jdbc;

    OutboxEraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "outbox_message";
    }

    @Override
    public int erase(long contactId) {
        return jdbc.sql("""
                UPDATE outbox_message SET recipient = NULL, subject = NULL, body_text = NULL, body_html = NULL,
                       offer_code = NULL, last_error = NULL, locked_until = NULL,
                       skip_reason = CASE WHEN status IN ('PENDING', 'SENDING') THEN 'ERASED' ELSE skip_reason END,
                       status = CASE WHEN status IN ('PENDING', 'SENDING') THEN 'SKIPPED' ELSE status END
                WHERE contact_id = ?""")
                .param(contactId).update();
    }
}
