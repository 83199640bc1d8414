package io.rekindle.experiment;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.rekindle.system.DatabaseKind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The arms recorded with each contact (table {@code contact_experiment}): written once, never changed. */
@Repository
class ContactExperiments {

    private final JdbcClient jdbc;
    private final DatabaseKind database;

    ContactExperiments(JdbcClient jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /**
     * Records {@code arm} unless the contact already has one in this experiment; returns the arm recorded, the
     * earlier one winning. A new contact costs one statement (the insert). On PostgreSQL, of two transactions
     * recording at once the second waits for the first and keeps its arm.
     */
    String recordIfAbsent(long contactId, String experiment, String arm, Instant now) {
        String insert = database.postgres()
                ? "INSERT INTO contact_experiment (contact_id, experiment, arm, assigned_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (contact_id, experiment) DO NOTHING"
                : "INSERT INTO contact_experiment (contact_id, experiment, arm, assigned_at) SELECT ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM contact_experiment WHERE contact_id = ? AND experiment = ?)";
        var statement = jdbc.sql(insert).param(contactId).param(experiment).param(arm).param(utc(now));
        if (!database.postgres()) {
            statement = statement.param(contactId).param(experiment);
        }
        return statement.update() == 1 ? arm : arm(contactId, experiment).orElse(arm);
    }

    Optional<String> arm(long contactId, String experiment) {
        return jdbc.sql("SELECT arm FROM contact_experiment WHERE contact_id = ? AND experiment = ?")
                .params(contactId, experiment).query(String.class).optional();
    }

    List<Group> of(long contactId) {
        return jdbc.sql("SELECT experiment, arm, assigned_at FROM contact_experiment WHERE contact_id = ?"
                        + " ORDER BY experiment").param(contactId)
                .query((rs, n) -> new Group(rs.getString(1), rs.getString(2), true,
                        instant(rs.getObject(3, OffsetDateTime.class))))
                .list();
    }
}
