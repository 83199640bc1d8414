package io.rekindle.preferences;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The person's choices on the preference page, every change with its time (the last one is what stands). */
@Component
@Order(9)
class PreferenceExporter extends SqlRowsExporter {

    PreferenceExporter(JdbcClient jdbc) {
        super(jdbc, "preferences", """
                SELECT changed_at, email_on, sms_on, topics_off, frequency, paused_until, unsubscribed_all
                FROM contact_preference_change WHERE contact_id = ? ORDER BY changed_at, id""");
    }
}
