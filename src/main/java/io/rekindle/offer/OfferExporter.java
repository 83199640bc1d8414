package io.rekindle.offer;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's offer codes: discount, validity, when redeemed. */
@Component
@Order(5)
class OfferExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    OfferExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "offers";
    }

    @Override
    public Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql("""
                SELECT code, discount_percent, valid_from, valid_until, redeemed_at, created_at
                FROM offer WHERE contact_id = ? ORDER BY created_at, id""")
                .param(contactId).query().listOfRows());
    }
}
