package io.rekindle.contact;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Events keep their type, time and amount (purchase counts, revenue and KPIs stay right); the sender's
 * event id (an order number the shop can trace back to the person) and the personal offer code go.
 */
@Component
@Order(10) // our tables first, the engine's history after them (see PersonalDataEraser)
class ContactEventEraser implements PersonalDataEraser {

    private final JdbcClient jdbc;

    ContactEventEraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "contact_event";
    }

    @Override
    public int erase(long contactId) {
        return jdbc.sql("UPDATE contact_event SET source_event_id = NULL, offer_code = NULL WHERE contact_id = ?")
                .param(contactId).update();
    }
}
