package io.rekindle.classification;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.rekindle.contact.EmailStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ClassificationRepository {

    private static final String RUN_COLUMNS = """
            id, status, started_at, finished_at, reference_time, process_instance_id, decision_definition_id,
            decision_version, contacts_total, contacts_done, last_contact_id, contacts_changed, entries_published,
            entries_failed, last_entry_id, segment_counts, duration_ms""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ClassificationRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    long countContacts() {
        return jdbc.sql("SELECT COUNT(*) FROM contact").query(Long.class).single();
    }

    /**
     * The columns of a snapshot. The loyalty change is computed here, for the reference time {@code :ref}: the balance
     * reported last at or before it minus the one reported last at or before {@code :base} (90 days earlier).
     */
    private static final String SNAPSHOT = """
            SELECT c.id, c.signed_up_at, c.last_purchase_at, c.last_visit_at, c.last_email_open_at,
                   c.last_email_click_at, c.purchase_count, c.revenue,
                   (SELECT b.points FROM loyalty_balance b WHERE b.contact_id = c.id AND b.reported_at <= :ref
                     ORDER BY b.reported_at DESC, b.id DESC FETCH FIRST 1 ROWS ONLY)
                 - (SELECT b.points FROM loyalty_balance b WHERE b.contact_id = c.id AND b.reported_at <= :base
                     ORDER BY b.reported_at DESC, b.id DESC FETCH FIRST 1 ROWS ONLY),
                   c.email_status, c.segment, c.inactivity_type, c.reactivation_priority, c.segment_rule
            FROM contact c""";
    static final java.time.Duration LOYALTY_WINDOW = java.time.Duration.ofDays(90);

    /**
     * One chunk in id order after {@code afterId}: keyset paging keeps every chunk as cheap as the first. Each
     * contact's usual reorder interval comes from one more read, of this chunk's purchases only, streamed in order.
     */
    List<ContactSnapshot> chunk(long afterId, int size, Instant reference) {
        List<ContactSnapshot> chunk = jdbc.sql(SNAPSHOT + " WHERE c.id > :after ORDER BY c.id LIMIT :size")
                .param("ref", utc(reference)).param("base", utc(reference.minus(LOYALTY_WINDOW)))
                .param("after", afterId).param("size", size)
                .query(ClassificationRepository::snapshot).list();
        if (chunk.isEmpty()) {
            return chunk;
        }
        Map<Long, Integer> cadences = cadences(afterId, chunk.get(chunk.size() - 1).id(), reference);
        return chunk.stream().map(c -> c.withUsualReorderDays(cadences.get(c.id()))).toList();
    }

    Optional<ContactSnapshot> snapshot(long contactId, Instant reference) {
        return jdbc.sql(SNAPSHOT + " WHERE c.id = :id")
                .param("ref", utc(reference)).param("base", utc(reference.minus(LOYALTY_WINDOW)))
                .param("id", contactId)
                .query(ClassificationRepository::snapshot).optional()
                .map(c -> c.withUsualReorderDays(cadences(contactId - 1, contactId, reference).get(contactId)));
    }

    /** Usual reorder interval of the contacts with ids in ({@code afterId}, {@code lastId}] that have one. */
    private Map<Long, Integer> cadences(long afterId, long lastId, Instant reference) {
        Map<Long, Integer> cadences = new java.util.HashMap<>();
        long[] current = {-1};
        ReorderCadence[] cadence = {null};
        jdbc.sql("""
                SELECT contact_id, occurred_at FROM contact_event
                 WHERE type = 'PURCHASE' AND contact_id > ? AND contact_id <= ? AND occurred_at <= ?
                 ORDER BY contact_id, occurred_at""")
                .params(afterId, lastId, utc(reference))
                .query(rs -> {
                    long contact = rs.getLong(1);
                    if (contact != current[0]) {
                        putCadence(cadences, current[0], cadence[0]);
                        current[0] = contact;
                        cadence[0] = new ReorderCadence();
                    }
                    cadence[0].add(time(rs, 2));
                });
        putCadence(cadences, current[0], cadence[0]);
        return cadences;
    }

    private static void putCadence(Map<Long, Integer> cadences, long contactId, ReorderCadence cadence) {
        Integer days = cadence == null ? null : cadence.usualIntervalDays();
        if (days != null) {
            cadences.put(contactId, days);
        }
    }

    Integer decisionVersion(long contactId) {
        return jdbc.sql("SELECT segment_decision_version FROM contact WHERE id = ?").param(contactId)
                .query((rs, n) -> (Integer) rs.getObject(1, Integer.class)).optional().orElse(null);
    }

    record Change(ContactSnapshot before, ClassificationResult after) {
    }

    void saveChanges(List<Change> changes, ClassificationRun run, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                UPDATE contact SET segment = ?, engagement_tag = ?, inactivity_type = ?, reactivation_priority = ?,
                       segment_rule = ?, segment_decision_version = ?, classified_at = ?
                WHERE id = ?""", changes, 1000, (ps, c) -> {
            ps.setString(1, c.after().segment());
            ps.setString(2, Segments.engagementTag(c.after().segment()));
            ps.setString(3, c.after().inactivityType());
            ps.setObject(4, c.after().priority());
            ps.setString(5, c.after().matchedRule().ruleId());
            ps.setInt(6, run.decisionVersion());
            ps.setObject(7, utc(now));
            ps.setLong(8, c.before().id());
        });
        List<Change> moved = changes.stream()
                .filter(c -> !java.util.Objects.equals(c.before().segment(), c.after().segment())).toList();
        batch.batchUpdate("""
                INSERT INTO segment_history (contact_id, run_id, from_segment, to_segment, rule_id, decision_version,
                                             changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", moved, 1000, (ps, c) -> {
            ps.setLong(1, c.before().id());
            ps.setLong(2, run.id());
            ps.setString(3, c.before().segment());
            ps.setString(4, c.after().segment());
            ps.setString(5, c.after().matchedRule().ruleId());
            ps.setInt(6, run.decisionVersion());
            ps.setObject(7, utc(now));
        });
        List<Change> entered = moved.stream()
                .filter(c -> Segments.REACTIVATION_TARGETS.contains(c.after().segment())).toList();
        batch.batchUpdate("""
                INSERT INTO segment_entry (contact_id, run_id, segment, entered_at) VALUES (?, ?, ?, ?)""",
                entered, 1000, (ps, c) -> {
                    ps.setLong(1, c.before().id());
                    ps.setLong(2, run.id());
                    ps.setString(3, c.after().segment());
                    ps.setObject(4, utc(now));
                });
    }

    long openRun(Instant now, String processInstanceId, String decisionDefinitionId, int decisionVersion,
            long total) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO classification_run (status, started_at, reference_time, process_instance_id,
                                                decision_definition_id, decision_version, contacts_total, running_lock)
                VALUES ('RUNNING', ?, ?, ?, ?, ?, ?, 'X')""")
                .params(utc(now), utc(now), processInstanceId, decisionDefinitionId, decisionVersion, total)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    void checkpoint(long runId, long lastContactId, int done, int changed) {
        jdbc.sql("""
                UPDATE classification_run SET last_contact_id = ?, contacts_done = contacts_done + ?,
                       contacts_changed = contacts_changed + ? WHERE id = ?""")
                .params(lastContactId, done, changed, runId).update();
    }

    record Entry(long id, long contactId, String segment) {
    }

    /** The run's entries after {@code afterId} neither published nor failed yet, in id order. */
    List<Entry> unpublishedEntries(long runId, long afterId, int size) {
        return jdbc.sql("""
                SELECT id, contact_id, segment FROM segment_entry
                 WHERE run_id = ? AND id > ? AND published_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT ?""")
                .params(runId, afterId, size)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }

    void markPublished(long entryId, Instant now, int journeys) {
        jdbc.sql("UPDATE segment_entry SET published_at = ?, journeys = ? WHERE id = ?")
                .params(utc(now), journeys, entryId).update();
    }

    /** The entry's journey could not start; {@code failure} names the error's type (never a stored value). */
    void markFailed(long entryId, Instant now, String failure) {
        jdbc.sql("UPDATE segment_entry SET failed_at = ?, failure = ? WHERE id = ?")
                .params(utc(now), failure.length() > 100 ? failure.substring(0, 100) : failure, entryId).update();
    }

    /**
     * Entries of segments no journey listens to (all of them when {@code listened} is empty) are recorded as
     * published to nobody, at once.
     */
    int markUnlistenedPublished(long runId, Set<String> listened, Instant now) {
        if (listened.isEmpty()) {
            return jdbc.sql("UPDATE segment_entry SET published_at = ?, journeys = 0 WHERE run_id = ? AND published_at IS NULL")
                    .params(utc(now), runId).update();
        }
        return jdbc.sql("""
                UPDATE segment_entry SET published_at = :now, journeys = 0
                 WHERE run_id = :run AND published_at IS NULL AND segment NOT IN (:listened)""")
                .param("now", utc(now)).param("run", runId).param("listened", listened).update();
    }

    void entriesFailed(long runId, long failed) {
        if (failed > 0) {
            jdbc.sql("UPDATE classification_run SET entries_failed = entries_failed + ? WHERE id = ?")
                    .params(failed, runId).update();
        }
    }

    void entriesCheckpoint(long runId, long lastEntryId, long published) {
        jdbc.sql("UPDATE classification_run SET last_entry_id = ?, entries_published = entries_published + ? WHERE id = ?")
                .params(lastEntryId, published, runId).update();
    }

    Map<String, Long> segmentCounts() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("SELECT segment, COUNT(*) FROM contact WHERE segment IS NOT NULL GROUP BY segment")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    void finish(long runId, Instant now, String segmentCounts, long durationMs) {
        jdbc.sql("""
                UPDATE classification_run SET status = 'FINISHED', finished_at = ?, segment_counts = ?,
                       duration_ms = ?, running_lock = NULL WHERE id = ?""")
                .params(utc(now), segmentCounts, durationMs, runId).update();
    }

    void abandon(long runId, Instant now) {
        jdbc.sql("UPDATE classification_run SET status = 'FAILED', finished_at = ?, running_lock = NULL WHERE id = ?")
                .params(utc(now), runId).update();
    }

    Optional<ClassificationRun> run(long id) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM classification_run WHERE id = ?").param(id)
                .query(ClassificationRepository::run).optional();
    }

    Optional<ClassificationRun> running() {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM classification_run WHERE running_lock IS NOT NULL").query(
                ClassificationRepository::run).optional();
    }

    List<ClassificationRun> recentRuns(int limit) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM classification_run ORDER BY id DESC LIMIT ?").param(limit)
                .query(ClassificationRepository::run).list();
    }

    private static ContactSnapshot snapshot(ResultSet rs, int row) throws SQLException {
        return new ContactSnapshot(rs.getLong(1), time(rs, 2), time(rs, 3), time(rs, 4), time(rs, 5), time(rs, 6),
                rs.getInt(7), rs.getBigDecimal(8), (Integer) rs.getObject(9, Integer.class),
                EmailStatus.valueOf(rs.getString(10)), rs.getString(11), rs.getString(12),
                (Integer) rs.getObject(13, Integer.class), rs.getString(14), null);
    }

    private static ClassificationRun run(ResultSet rs, int row) throws SQLException {
        return new ClassificationRun(rs.getLong("id"), rs.getString("status"), time(rs, "started_at"),
                time(rs, "finished_at"), time(rs, "reference_time"), rs.getString("process_instance_id"),
                rs.getString("decision_definition_id"), rs.getInt("decision_version"), rs.getLong("contacts_total"),
                rs.getLong("contacts_done"), rs.getLong("last_contact_id"), rs.getLong("contacts_changed"),
                rs.getLong("entries_published"), rs.getLong("entries_failed"), rs.getLong("last_entry_id"),
                rs.getString("segment_counts"),
                (Long) rs.getObject("duration_ms", Long.class));
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }
}
