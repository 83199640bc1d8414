package io.rekindle.experiment;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.rekindle.system.DatabaseKind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The variant experiments (table {@code experiment}): registered by their first entrant, stopped once. */
@Repository
class VariantRegistry {

    static final String RUNNING = "RUNNING";
    static final String STOPPED = "STOPPED";
    private static final String COLUMNS = "id, name, journey, arms, salt, goal_metric, started_at, status, winner,"
            + " stopped_at";

    private final JdbcClient jdbc;
    private final DatabaseKind database;

    VariantRegistry(JdbcClient jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** A registered experiment, as its first entrant declared it. */
    record Registered(String id, String name, String journey, String arms, String salt, GoalMetric goal,
            Instant startedAt, String status, String winner, Instant stoppedAt) {

        boolean stopped() {
            return STOPPED.equals(status);
        }

        VariantSpec spec() {
            return new VariantSpec(id, name, VariantSpec.arms(id, arms), goal, salt);
        }
    }

    Optional<Registered> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM experiment WHERE id = ?").param(id)
                .query(VariantRegistry::map).optional();
    }

    List<Registered> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM experiment ORDER BY started_at, id")
                .query(VariantRegistry::map).list();
    }

    /** Registers the experiment unless it is; returns the registered one (the first writer's, on a race). */
    Registered registerIfAbsent(VariantSpec spec, String journey, Instant now) {
        String values = "?, ?, ?, ?, ?, ?, ?, '" + RUNNING + "'";
        String insert = database.postgres()
                ? "INSERT INTO experiment (id, name, journey, arms, salt, goal_metric, started_at, status) VALUES ("
                        + values + ") ON CONFLICT (id) DO NOTHING"
                : "INSERT INTO experiment (id, name, journey, arms, salt, goal_metric, started_at, status) SELECT "
                        + values + " WHERE NOT EXISTS (SELECT 1 FROM experiment WHERE id = ?)";
        var statement = jdbc.sql(insert).param(spec.id()).param(spec.name()).param(journey).param(spec.armsText())
                .param(spec.salt()).param(spec.goal().name()).param(utc(now));
        if (!database.postgres()) {
            statement = statement.param(spec.id());
        }
        statement.update();
        return find(spec.id()).orElseThrow();
    }

    /** Stops a running experiment with this winner; false when it was not running (stopped meanwhile). */
    boolean stop(String id, String winner, Instant now) {
        return jdbc.sql("UPDATE experiment SET status = '" + STOPPED + "', winner = ?, stopped_at = ? WHERE id = ?"
                        + " AND status = '" + RUNNING + "'")
                .params(winner, utc(now), id).update() == 1;
    }

    private static Registered map(ResultSet rs, int row) throws SQLException {
        return new Registered(rs.getString("id"), rs.getString("name"), rs.getString("journey"), rs.getString("arms"),
                rs.getString("salt"), GoalMetric.valueOf(rs.getString("goal_metric")),
                instant(rs.getObject("started_at", OffsetDateTime.class)), rs.getString("status"),
                rs.getString("winner"), instant(rs.getObject("stopped_at", OffsetDateTime.class)));
    }
}
