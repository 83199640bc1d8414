package io.rekindle.contact;

import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ActivityRepository {

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(ActivityEvent e, Instant receivedAt) {
        return insert(e, receivedAt, null);
    }

    /** {@code robot}: the sign that gave a scanner's click away, null for anything else. */
    long insert(ActivityEvent e, Instant receivedAt, String robot) {
        var keys = new GeneratedKeyHolder();
        var insert = jdbc.sql("""
                INSERT INTO contact_event (contact_id, type, occurred_at, received_at, source_event_id,
                                           amount, offer_code, message_id, channel, robot)
                VALUES (:contactId, :type, :occurredAt, :receivedAt, :sourceEventId, :amount, :offerCode, :messageId,
                        :channel, :robot)""");
        withEvent(insert, e, receivedAt).param("robot", robot).update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /**
     * The event, unless the contact already has one with its (non-null) source id: one statement for what a look-up
     * then an insert did. Empty for a repeat. (Two requests inserting the same new one at once: the unique key
     * refuses the second, as before.)
     */
    Optional<Long> insertIfNew(ActivityEvent e, Instant receivedAt) {
        var keys = new GeneratedKeyHolder();
        var insert = jdbc.sql("""
                INSERT INTO contact_event (contact_id, type, occurred_at, received_at, source_event_id,
                                           amount, offer_code, message_id, channel, robot)
                SELECT :contactId, :type, :occurredAt, :receivedAt, :sourceEventId, :amount, :offerCode, :messageId,
                       :channel, NULL
                WHERE NOT EXISTS (SELECT 1 FROM contact_event
                    WHERE contact_id = :contactId AND source_event_id = :sourceEventId)""");
        int rows = withEvent(insert, e, receivedAt).update(keys, "id");
        return rows == 0 ? Optional.empty() : Optional.of(keys.getKeyAs(Long.class));
    }

    /** The event's columns, as both inserts name them. */
    private static JdbcClient.StatementSpec withEvent(JdbcClient.StatementSpec insert, ActivityEvent e,
            Instant receivedAt) {
        return insert.param("contactId", e.contactId())
                .param("type", e.type().name())
                .param("occurredAt", utc(e.occurredAt()))
                .param("receivedAt", utc(receivedAt))
                .param("sourceEventId", e.sourceEventId())
                .param("amount", e.amount())
                .param("offerCode", e.offerCode())
                .param("messageId", e.messageId())
                .param("channel", e.channel() == null ? null : e.channel().name());
    }

    Optional<ActivityEvent> findBySource(long contactId, String sourceEventId) {
        return jdbc.sql("""
                SELECT id, contact_id, type, occurred_at, source_event_id, amount, offer_code, message_id, channel
                FROM contact_event WHERE contact_id = ? AND source_event_id = ?""")
                .params(contactId, sourceEventId)
                .query(ActivityRepository::stored)
                .optional();
    }

    /** The contact's last UNSUBSCRIBED event naming one of these channels, as a duplicate. */
    Optional<ActivityEvent> lastUnsubscribe(long contactId, Collection<UnsubscribeChannel> channels) {
        return jdbc.sql("""
                SELECT id, contact_id, type, occurred_at, source_event_id, amount, offer_code, message_id, channel
                FROM contact_event WHERE contact_id = :contactId AND type = 'UNSUBSCRIBED' AND channel IN (:channels)
                ORDER BY id DESC LIMIT 1""")
                .param("contactId", contactId)
                .param("channels", channels.stream().map(Enum::name).toList())
                .query(ActivityRepository::stored)
                .optional();
    }

    private static ActivityEvent stored(ResultSet rs, int row) throws SQLException {
        return new ActivityEvent(rs.getLong("id"), rs.getLong("contact_id"),
                EventType.valueOf(rs.getString("type")), ContactRepository.time(rs, "occurred_at"),
                rs.getString("source_event_id"), rs.getBigDecimal("amount"), rs.getString("offer_code"),
                (Long) rs.getObject("message_id", Long.class),
                rs.getString("channel") == null ? null : UnsubscribeChannel.valueOf(rs.getString("channel")),
                true);
    }

    Optional<ActivityEvent> findById(long id) {
        return jdbc.sql("""
                SELECT id, contact_id, type, occurred_at, source_event_id, amount, offer_code, message_id, channel
                FROM contact_event WHERE id = ?""")
                .param(id)
                .query(ActivityRepository::stored)
                .optional();
    }

    /** Whether the message got a click (a person's or a robot's) received at or after {@code since}. */
    boolean clickedSince(long messageId, Instant since) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM contact_event
                WHERE message_id = ? AND type = 'EMAIL_CLICKED' AND received_at >= ?""")
                .params(messageId, utc(since)).query(Long.class).single() > 0;
    }
}
