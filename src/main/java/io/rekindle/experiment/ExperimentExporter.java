package io.rekindle.experiment;

import io.rekindle.gdpr.SqlRowsExporter;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's recorded experiment arms (held out or not, and since when). Erasure leaves them: without the contact's
 * personal data they are an id and an arm, and the experiment's figures need every arm's contacts.
 */
@Component
@Order(8)
class ExperimentExporter extends SqlRowsExporter {

    ExperimentExporter(JdbcClient jdbc) {
        super(jdbc, "experiments", """
                SELECT experiment, arm, assigned_at FROM contact_experiment WHERE contact_id = ? ORDER BY experiment""");
    }
}
