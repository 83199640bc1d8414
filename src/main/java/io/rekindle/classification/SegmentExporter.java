package io.rekindle.classification;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The segments the daily classification put the person in, one row per change, with the rule that decided. */
@Component
@Order(7)
class SegmentExporter extends SqlRowsExporter {

    SegmentExporter(JdbcClient jdbc) {
        super(jdbc, "segments", """
                SELECT changed_at, from_segment, to_segment, rule_id, decision_version
                FROM segment_history WHERE contact_id = ? ORDER BY changed_at, id""");
    }
}
