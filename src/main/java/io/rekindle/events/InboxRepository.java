package io.rekindle.events;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code event_inbox} table: one row per accepted event, its correlation state. */
@Repository
class InboxRepository {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";

    /** Nobody holds it: never claimed, or its holder's lease ran out (the node died, the database went away). */
    private static final String FREE = "status = 'PENDING' AND (locked_until IS NULL OR locked_until < :now)";

    private final JdbcClient jdbc;

    InboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new event's row, already claimed by the request that stored it (one attempt, under way). */
    void insertClaimed(long eventId, Instant now, Instant lockedUntil) {
        jdbc.sql("INSERT INTO event_inbox (event_id, status, attempts, next_attempt_at, locked_until, received_at)"
                        + " VALUES (?, 'PENDING', 1, ?, ?, ?)")
                .params(eventId, utc(now), utc(lockedUntil), utc(now)).update();
    }

    /** A new event's row, done already: its first attempt ran in the transaction that stores it. */
    void insertDone(long eventId, int journeys, Instant now) {
        jdbc.sql("INSERT INTO event_inbox (event_id, status, journeys, attempts, next_attempt_at, received_at, done_at)"
                        + " VALUES (?, 'DONE', ?, 1, ?, ?, ?)")
                .params(eventId, journeys, utc(now), utc(now), utc(now)).update();
    }

    /**
     * PostgreSQL: the current transaction gives up waiting for a row lock after {@code wait} (it waits as long as it
     * takes otherwise). H2 bounds every lock wait already (its lock timeout).
     */
    void boundLockWaits(Duration wait) {
        jdbc.sql("SET LOCAL lock_timeout = '" + wait.toMillis() + "ms'").update();
    }

    /** A row for an event stored before the inbox (or by a path that wrote none), due now. */
    void insertIfMissing(long eventId, Instant now) {
        jdbc.sql("INSERT INTO event_inbox (event_id, status, attempts, next_attempt_at, received_at)"
                        + " SELECT :id, 'PENDING', 0, :now, :now FROM contact_event WHERE id = :id"
                        + " AND NOT EXISTS (SELECT 1 FROM event_inbox WHERE event_id = :id)")
                .param("id", eventId).param("now", utc(now)).update();
    }

    /** Pending rows due now and free, oldest due first. */
    List<Long> dueIds(Instant now, int limit) {
        return jdbc.sql("SELECT event_id FROM event_inbox WHERE " + FREE + " AND next_attempt_at <= :now"
                        + " ORDER BY next_attempt_at, event_id LIMIT :limit")
                .param("now", utc(now)).param("limit", limit).query(Long.class).list();
    }

    /**
     * Claims a free pending row for one attempt; of two workers (threads or nodes) racing for it, exactly one gets
     * true. {@code dueOnly}: only once its backoff has passed (the worker); without it, a sender's retry of the same
     * event tries at once.
     */
    boolean claim(long eventId, Instant now, Instant lockedUntil, boolean dueOnly) {
        return jdbc.sql("UPDATE event_inbox SET locked_until = :lockedUntil, attempts = attempts + 1"
                        + " WHERE event_id = :id AND " + FREE + (dueOnly ? " AND next_attempt_at <= :now" : ""))
                .param("lockedUntil", utc(lockedUntil)).param("id", eventId).param("now", utc(now))
                .update() == 1;
    }

    void markDone(long eventId, int journeys, Instant now) {
        jdbc.sql("UPDATE event_inbox SET status = 'DONE', journeys = ?, done_at = ?, locked_until = NULL"
                        + " WHERE event_id = ?")
                .params(journeys, utc(now), eventId).update();
    }

    /** The attempt failed: free again at {@code next}, with the kind of failure (a class name, no personal data). */
    void retryLater(long eventId, Instant next, String error) {
        jdbc.sql("UPDATE event_inbox SET next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE event_id = ?")
                .params(utc(next), error, eventId).update();
    }

    Optional<InboxEntry> find(long eventId) {
        return jdbc.sql("SELECT event_id, status, journeys, attempts, next_attempt_at, last_error, received_at,"
                        + " done_at FROM event_inbox WHERE event_id = ?")
                .param(eventId).query(InboxRepository::map).optional();
    }

    long countPending() {
        return jdbc.sql("SELECT COUNT(*) FROM event_inbox WHERE status = 'PENDING'").query(Long.class).single();
    }

    /** Pending rows whose last attempt failed (not merely under way). */
    long countFailing() {
        return jdbc.sql("SELECT COUNT(*) FROM event_inbox WHERE status = 'PENDING' AND last_error IS NOT NULL")
                .query(Long.class).single();
    }

    Optional<Instant> oldestPending() {
        return jdbc.sql("SELECT MIN(received_at) FROM event_inbox WHERE status = 'PENDING'")
                .query((rs, row) -> instant(rs.getObject(1, OffsetDateTime.class))).list().stream()
                .filter(Objects::nonNull).findFirst();
    }

    private static InboxEntry map(ResultSet rs, int row) throws SQLException {
        return new InboxEntry(rs.getLong("event_id"), rs.getString("status"),
                (Integer) rs.getObject("journeys", Integer.class), rs.getInt("attempts"),
                instant(rs.getObject("next_attempt_at", OffsetDateTime.class)), rs.getString("last_error"),
                instant(rs.getObject("received_at", OffsetDateTime.class)),
                instant(rs.getObject("done_at", OffsetDateTime.class)));
    }

    /** One row of the inbox. */
    record InboxEntry(long eventId, String status, Integer journeys, int attempts, Instant nextAttemptAt,
            String lastError, Instant receivedAt, Instant doneAt) {
    }
}
