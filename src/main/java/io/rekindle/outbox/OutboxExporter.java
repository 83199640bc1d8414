package io.rekindle.outbox;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The messages written for the person, sent or not: channel, address, subject, text, status and times. */
@Component
@Order(4)
class OutboxExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    OutboxExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql("""
                SELECT id, channel, template, locale, recipient, subject, body_text, offer_code, journey, status,
                       skip_reason, created_at, sent_at
                FROM outbox_message WHERE contact_id = ? ORDER BY created_at, id""")
                .param(contactId).query().listOfRows());
    }
}
