package io.rekindle.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two indexes on the engine's job table that its schema does not have, so that the job executor's acquisition stays
 * an index read however many journeys wait (issue 19). The acquisition query looks for due jobs ({@code DUEDATE_ <=
 * now}) that no one has locked, and for each, whether another job of its instance is locked ({@code LOCK_EXP_TIME_ >=
 * now}). Without these indexes PostgreSQL reads the whole table twice per acquisition: with 1,000,000 journeys
 * waiting at a timer, 320-800 ms each time (every few seconds even when nothing is due), and a J+30 wave among them
 * ran at 7 journeys/s instead of 75. With them: under a millisecond.
 *
 * <p>The engine runs with {@code ensureJobDueDateNotNull} ({@code application.yml}): every job has a due date (an
 * asynchronous step's is its creation), so the acquisition asks for {@code DUEDATE_ <= now} alone, an index range
 * read, instead of {@code DUEDATE_ is null or DUEDATE_ <= now}, which PostgreSQL answers with a bitmap read of the
 * index that also visits every finished job's entry until the table is vacuumed (5,500 of them per acquisition after
 * a few thousand sign-ups here). Jobs a previous version wrote without a due date would then never be picked up: at
 * each start they get their creation time ({@link #dueDatesSet}).
 *
 * <p>Created when the engine has built (or upgraded) its schema, under names of ours that the engine's upgrade
 * scripts never touch; on PostgreSQL {@code CONCURRENTLY}, so a node starting on a large live base does not block
 * the others' writes, and an index such a build left invalid (a node killed during it) is built again.
 */
final class JobAcquisitionIndexes {

    private static final Logger log = LoggerFactory.getLogger(JobAcquisitionIndexes.class);

    /** Index name → column of the job table. */
    private static final Map<String, String> INDEXES = Map.of(
            "REKINDLE_IDX_JOB_DUEDATE", "DUEDATE_",
            "REKINDLE_IDX_JOB_LOCK_EXP", "LOCK_EXP_TIME_");

    private JobAcquisitionIndexes() {
    }

    /** Creates what is missing; {@code databaseType} as the engine names it ({@code postgres}, {@code h2}…). */
    static void ensure(DataSource dataSource, String databaseType, String tablePrefix) {
        String table = jobTable(tablePrefix);
        boolean postgres = "postgres".equals(databaseType);
        for (var index : INDEXES.entrySet()) {
            try (Connection connection = dataSource.getConnection()) {
                // CREATE INDEX CONCURRENTLY may not run inside a transaction
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    if (postgres && invalid(connection, index.getKey())) {
                        log.warn("Job table index {} was left invalid by an interrupted build: building it again",
                                index.getKey());
                        statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.getKey());
                    }
                    long started = System.nanoTime();
                    statement.execute("CREATE INDEX " + (postgres ? "CONCURRENTLY " : "") + "IF NOT EXISTS "
                            + index.getKey() + " ON " + table + " (" + index.getValue() + ")");
                    log.debug("Job table index {} present ({} ms)", index.getKey(),
                            (System.nanoTime() - started) / 1_000_000);
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                // another node building the same index at the same moment, or a database that refuses: the engine
                // works without it, only slower as the base grows
                log.warn("Job table index {} not created ({}): the job executor's acquisition reads the whole job"
                        + " table until it is", index.getKey(), e.getMessage());
            }
        }
    }

    /**
     * Gives the jobs written without a due date (before {@code ensureJobDueDateNotNull}, by an older version) their
     * creation time, or a time long past: due now, as they were. Returns how many.
     */
    static int dueDatesSet(DataSource dataSource, String tablePrefix) {
        String table = jobTable(tablePrefix);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            int updated = statement.executeUpdate("UPDATE " + table + " SET DUEDATE_ = COALESCE(CREATE_TIME_,"
                    + " TIMESTAMP '2000-01-01 00:00:00') WHERE DUEDATE_ IS NULL");
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            if (updated > 0) {
                log.info("{} jobs written without a due date by an earlier version are due now", updated);
            }
            return updated;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not give the engine's jobs without a due date one", e);
        }
    }

    private static String jobTable(String tablePrefix) {
        return (tablePrefix == null ? "" : tablePrefix) + "ACT_RU_JOB";
    }

    private static boolean invalid(Connection connection, String index) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT NOT i.indisvalid FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ? AND pg_table_is_visible(c.oid)")) {
            query.setString(1, index.toLowerCase(Locale.ROOT));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
