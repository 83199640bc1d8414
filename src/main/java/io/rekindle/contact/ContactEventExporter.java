package io.rekindle.contact;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's events: what the company's systems and our tracking reported, with their times and amounts. */
@Component
@Order(3)
class ContactEventExporter extends SqlRowsExporter {

    ContactEventExporter(JdbcClient jdbc) {
        super(jdbc, "events", """
                SELECT id, type, occurred_at, received_at, source_event_id, amount, offer_code, message_id, channel, bounce,
                       robot
                FROM contact_event WHERE contact_id = ? ORDER BY occurred_at, id""");
    }
}
