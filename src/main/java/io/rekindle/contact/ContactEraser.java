package io.rekindle.contact;

import io.rekindle.gdpr.PersonalDataEraser;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The contact row stays, anonymised: identity and consents go; sign-up date, activity dates, purchase
 * count, revenue and segment stay, so the figures still add up. The external id becomes
 * {@code erased-<id>}: a later sign-up of the same person is a new contact.
 */
@Component
@Order(10) // our tables first, the engine's history after them (see PersonalDataEraser)
class ContactEraser implements PersonalDataEraser {

    private final JdbcClient jdbc;

    ContactEraser(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "contact";
    }

    @Override
    public int erase(long contactId) {
        return jdbc.sql("""
                UPDATE contact SET external_id = :placeholder, email = NULL, phone = NULL, first_name = NULL,
                       email_consent = FALSE, sms_consent = FALSE
                WHERE id = :id""")
                .param("placeholder", "erased-" + contactId).param("id", contactId)
                .update();
    }
}
