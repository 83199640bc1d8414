package io.rekindle.outbox;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The messages written for the person, sent or not: channel, address, subject, text, status and times. */
@Component
@Order(4)
class OutboxExporter extends SqlRowsExporter {

    OutboxExporter(JdbcClient jdbc) {
        super(jdbc, "messages", """
                SELECT id, channel, template, locale, recipient, subject, body_text, offer_code, journey, status,
                       skip_reason, created_at, sent_at
                FROM outbox_message WHERE contact_id = ? ORDER BY created_at, id""");
    }
}
