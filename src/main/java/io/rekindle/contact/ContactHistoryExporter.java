package io.rekindle.contact;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every change of the person's own fields (consents included), with its source. */
@Component
@Order(2)
class ContactHistoryExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    ContactHistoryExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql("""
                SELECT changed_at, source, field, old_value, new_value
                FROM contact_change WHERE contact_id = ? ORDER BY changed_at, id""")
                .param(contactId).query().listOfRows());
    }
}
