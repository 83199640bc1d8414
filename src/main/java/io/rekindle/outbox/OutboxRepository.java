package io.rekindle.outbox;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import io.rekindle.system.DatabaseKind;

@Repository
public class OutboxRepository {

    private static final String COLUMNS = """
            id, idempotency_key, contact_id, channel, stream, template, locale, recipient, subject, body_text,
            body_html, offer_code, journey, process_instance_id, activity_id, status, skip_reason, attempts,
            next_attempt_at, last_error, created_at, sent_at, pressure_limit, experiment, experiment_arm""";

    /** Due for delivery: pending and due, or claimed by a dispatcher whose lock ran out (it died). */
    private static final String DUE = """
            channel = :channel AND ((status = 'PENDING' AND next_attempt_at <= :now)
                                    OR (status = 'SENDING' AND locked_until < :now))""";

    private final JdbcClient jdbc;
    /** The claim's SQL differs (see {@link #claim}). */
    private final DatabaseKind database;

    OutboxRepository(JdbcClient jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** The id of the message a step (its idempotency key) already wrote, if any. */
    Optional<Long> idByKey(String idempotencyKey) {
        return jdbc.sql("SELECT id FROM outbox_message WHERE idempotency_key = ?").param(idempotencyKey)
                .query(Long.class).optional();
    }

    Optional<OutboxMessage> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_message WHERE id = ?")
                .param(id).query(OutboxRepository::map).optional();
    }

    /** The contact's last message of this channel that was delivered (ix_outbox_contact_sent). */
    Optional<OutboxMessage> lastSent(long contactId, String channel) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_message WHERE contact_id = ? AND status = 'SENT'"
                        + " AND channel = ? ORDER BY sent_at DESC, id DESC LIMIT 1")
                .params(contactId, channel).query(OutboxRepository::map).optional();
    }

    List<OutboxMessage> find(Long contactId, MessageStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM outbox_message WHERE 1 = 1");
        var params = new java.util.HashMap<String, Object>();
        if (contactId != null) {
            sql.append(" AND contact_id = :contactId");
            params.put("contactId", contactId);
        }
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status.name());
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(OutboxRepository::map).list();
    }

    /** Returns the new row's id. */
    long insert(NewMessage m, MessageStatus status, String skipReason, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO outbox_message (idempotency_key, contact_id, channel, stream, template, locale, recipient,
                    subject, body_text, body_html, offer_code, journey, process_instance_id, activity_id, status,
                    skip_reason, attempts, next_attempt_at, created_at, message_uuid, experiment, experiment_arm)
                VALUES (:key, :contactId, :channel, :stream, :template, :locale, :recipient, :subject, :text, :html,
                    :offer, :journey, :pi, :activity, :status, :skipReason, 0, :now, :now, :uuid, :experiment, :arm)""")
                .param("experiment", m.experiment())
                .param("arm", m.experimentArm())
                .param("key", m.idempotencyKey())
                .param("uuid", UUID.randomUUID().toString())
                .param("contactId", m.contactId())
                .param("channel", m.channel())
                .param("stream", m.stream())
                .param("template", m.template())
                .param("locale", m.locale())
                .param("recipient", m.recipient())
                .param("subject", m.subject())
                .param("text", m.bodyText())
                .param("html", m.bodyHtml())
                .param("offer", m.offerCode())
                .param("journey", m.journey())
                .param("pi", m.processInstanceId())
                .param("activity", m.activityId())
                .param("status", status.name())
                .param("skipReason", skipReason)
                .param("now", utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    public List<Long> dueIds(String channel, Instant now, int limit) {
        return due(channel, now, limit).stream().map(Due::id).toList();
    }

    /** Due rows with their contact, oldest first: a dispatcher with several senders gives a contact's rows to one. */
    public List<Due> due(String channel, Instant now, int limit) {
        return jdbc.sql("SELECT id, contact_id FROM outbox_message WHERE " + DUE + " ORDER BY id LIMIT :limit")
                .param("channel", channel).param("now", utc(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2))).list();
    }

    public record Due(long id, long contactId) {
    }

    /** Moves every due, unclaimed row of the channel to {@code until} (a closed send window): deferred, not lost. */
    public int deferDue(String channel, Instant now, Instant until) {
        return jdbc.sql("UPDATE outbox_message SET next_attempt_at = :until WHERE channel = :channel"
                        + " AND status = 'PENDING' AND next_attempt_at <= :now")
                .param("until", utc(until)).param("channel", channel).param("now", utc(now)).update();
    }

    /** The contact had enough messages lately: this one waits until {@code until} (marketing pressure). */
    /** Back in the queue until {@code until}; {@code limit} is the pressure limit that applied, as explained. */
    void deferForPressure(long id, Instant until, String limit) {
        jdbc.sql("UPDATE outbox_message SET status = 'PENDING', next_attempt_at = ?, locked_until = NULL,"
                + " attempts = attempts - 1, pressure_deferrals = pressure_deferrals + 1, pressure_limit = ?"
                + " WHERE id = ? AND status = 'SENDING'")
                .params(utc(until), limit, id).update();
    }

    /** SKIPPED / PRESSURE_CAP; {@code limit} is the pressure limit that applied, as explained. */
    void skipForPressure(long id, String limit) {
        jdbc.sql("UPDATE outbox_message SET status = 'SKIPPED', skip_reason = 'PRESSURE_CAP', pressure_limit = ?,"
                + " locked_until = NULL WHERE id = ? AND status = 'SENDING'").params(limit, id).update();
    }

    /**
     * Claims one due row and returns it as claimed, with its Message-ID's random id (null for a row written before rows
     * had one); of two dispatchers racing for it, exactly one gets it. One statement: PostgreSQL returns the updated
     * row ({@code RETURNING}), H2 reads it from the update itself ({@code FINAL TABLE}), both within the update's
     * own lock, so no other claim comes between.
     */
    Optional<Claimed> claim(long id, String channel, Instant now, Instant lockedUntil) {
        String update = "UPDATE outbox_message SET status = 'SENDING', locked_until = :lockedUntil,"
                + " attempts = attempts + 1 WHERE id = :id AND " + DUE;
        String sql = database.postgres() ? update + " RETURNING " + COLUMNS + ", message_uuid"
                : "SELECT " + COLUMNS + ", message_uuid FROM FINAL TABLE (" + update + ")";
        return jdbc.sql(sql).param("lockedUntil", utc(lockedUntil)).param("id", id)
                .param("channel", channel).param("now", utc(now))
                .query((rs, n) -> new Claimed(map(rs, n), rs.getString("message_uuid"))).optional();
    }

    /** A row a dispatcher claimed, and its random id as read in the same statement (null for an older row). */
    public record Claimed(OutboxMessage message, String messageUuid) {
    }

    public void markSent(long id, Instant now) {
        jdbc.sql("UPDATE outbox_message SET status = 'SENT', sent_at = ?, locked_until = NULL, last_error = NULL"
                + " WHERE id = ? AND status = 'SENDING'").params(utc(now), id).update();
    }

    /** A simulation has no transport: a waiting message it needs delivered counts as sent now. */
    public void markSentWithoutTransport(long id, Instant now) {
        jdbc.sql("UPDATE outbox_message SET status = 'SENT', sent_at = ?, locked_until = NULL WHERE id = ?"
                + " AND status = 'PENDING'").params(utc(now), id).update();
    }

    public void retryLater(long id, Instant nextAttemptAt, String error) {
        jdbc.sql("UPDATE outbox_message SET status = 'PENDING', next_attempt_at = ?, locked_until = NULL,"
                + " last_error = ? WHERE id = ? AND status = 'SENDING'")
                .params(utc(nextAttemptAt), truncate(error), id).update();
    }

    /** A send rule said no right before delivery (e.g. the contact unsubscribed after the row was written). */
    void markSkipped(long id, String reason) {
        jdbc.sql("UPDATE outbox_message SET status = 'SKIPPED', skip_reason = ?, locked_until = NULL"
                + " WHERE id = ? AND status = 'SENDING'").params(reason, id).update();
    }

    /** A message the provider bounced for good (HARD): FAILED, whatever it was. */
    void bouncedForGood(long id) {
        jdbc.sql("UPDATE outbox_message SET status = 'FAILED', locked_until = NULL, last_error = 'hard bounce'"
                + " WHERE id = ? AND status IN ('SENT', 'PENDING')").param(id).update();
    }

    /** A message the provider bounced for now (SOFT): back in the queue. */
    void sendAgainAt(long id, Instant at) {
        jdbc.sql("UPDATE outbox_message SET status = 'PENDING', next_attempt_at = ?, locked_until = NULL,"
                + " last_error = 'soft bounce' WHERE id = ? AND status = 'SENT'").params(utc(at), id).update();
    }

    public void markFailed(long id, String error) {
        jdbc.sql("UPDATE outbox_message SET status = 'FAILED', locked_until = NULL, last_error = ?"
                + " WHERE id = ? AND status = 'SENDING'").params(truncate(error), id).update();
    }

    /**
     * The row's own random id, for its Message-ID: the same on every attempt. A row written before it had one gets
     * one now; of two dispatchers doing that at once, the first one's stays.
     */
    public String messageUuid(Claimed claimed) {
        // every row written since V11 has one, read with the claim: the write only for an older row
        if (claimed.messageUuid() != null) {
            return claimed.messageUuid();
        }
        long id = claimed.message().id();
        jdbc.sql("UPDATE outbox_message SET message_uuid = ? WHERE id = ? AND message_uuid IS NULL")
                .params(UUID.randomUUID().toString(), id).update();
        return jdbc.sql("SELECT message_uuid FROM outbox_message WHERE id = ?").param(id).query(String.class).single();
    }

    public long countPending(String channel) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE channel = ? AND status IN ('PENDING', 'SENDING')")
                .param(channel).query(Long.class).single();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static OutboxMessage map(ResultSet rs, int row) throws SQLException {
        return new OutboxMessage(rs.getLong("id"), rs.getString("idempotency_key"), rs.getLong("contact_id"),
                rs.getString("channel"), rs.getString("stream"), rs.getString("template"), rs.getString("locale"),
                rs.getString("recipient"),
                rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"),
                rs.getString("offer_code"), rs.getString("journey"), rs.getString("process_instance_id"),
                rs.getString("activity_id"), MessageStatus.valueOf(rs.getString("status")),
                rs.getString("skip_reason"), rs.getInt("attempts"), time(rs, "next_attempt_at"),
                rs.getString("last_error"), time(rs, "created_at"), time(rs, "sent_at"),
                rs.getString("pressure_limit"), rs.getString("experiment"), rs.getString("experiment_arm"));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }
}
