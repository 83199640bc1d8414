package io.rekindle.contact;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's events: what the company's systems and our tracking reported, with their times and amounts. */
@Component
@Order(3)
class ContactEventExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    ContactEventExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql("""
                SELECT id, type, occurred_at, received_at, source_event_id, amount, offer_code, message_id, channel, bounce,
                       robot
                FROM contact_event WHERE contact_id = ? ORDER BY occurred_at, id""")
                .param(contactId).query().listOfRows());
    }
}
