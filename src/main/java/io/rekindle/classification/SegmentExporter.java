package io.rekindle.classification;

import io.rekindle.gdpr.PersonalDataExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The segments the daily classification put the person in, one row per change, with the rule that decided. */
@Component
@Order(7)
class SegmentExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;

    SegmentExporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "segments";
    }

    @Override
    public Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql("""
                SELECT changed_at, from_segment, to_segment, rule_id, decision_version
                FROM segment_history WHERE contact_id = ? ORDER BY changed_at, id""")
                .param(contactId).query().listOfRows());
    }
}
