package io.rekindle.imports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The import jobs, their checkpoints and their rows' outcomes ({@code contact_import*}). */
@Repository
class ImportRepository {

    /** An import job as stored. */
    record Job(long id, ImportFormat format, String status, String spoolFile, long sizeBytes, Instant relaunchSince,
            long rowsTotal, long rowsDone, long rowsNew, long rowsUpdated, long rowsUnchanged, long rowsRejected,
            long relaunched, long nextOffset, long nextLine, Long rowsPerSecond, String failure, Instant createdAt,
            Instant startedAt, Instant finishedAt) {
    }

    /** What one committed batch adds to the job. */
    record Progress(long rows, long rowsNew, long updated, long unchanged, long rejected, long relaunched,
            long nextOffset, long nextLine) {
    }

    /** One row's outcome, for the API. */
    record RowOutcome(long line, char outcome, String reason) {
    }

    private final JdbcClient jdbc;

    ImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long create(ImportFormat format, String spoolFile, long sizeBytes, long rowsTotal, Instant relaunchSince,
            long firstOffset, long firstLine, Instant now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO contact_import (format, status, spool_file, size_bytes, relaunch_since, rows_total,
                                            next_offset, next_line, created_at)
                VALUES (:format, 'QUEUED', :file, :size, :since, :total, :offset, :line, :now)""")
                .param("format", format.name()).param("file", spoolFile).param("size", sizeBytes)
                .param("since", at(relaunchSince)).param("total", rowsTotal).param("offset", firstOffset)
                .param("line", firstLine).param("now", at(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Job> find(long id) {
        return jdbc.sql("SELECT * FROM contact_import WHERE id = :id").param("id", id)
                .query((rs, n) -> new Job(rs.getLong("id"), ImportFormat.valueOf(rs.getString("format")),
                        rs.getString("status"), rs.getString("spool_file"), rs.getLong("size_bytes"),
                        instant(rs.getObject("relaunch_since", OffsetDateTime.class)), rs.getLong("rows_total"),
                        rs.getLong("rows_done"), rs.getLong("rows_new"), rs.getLong("rows_updated"),
                        rs.getLong("rows_unchanged"), rs.getLong("rows_rejected"), rs.getLong("relaunched"),
                        rs.getLong("next_offset"), rs.getLong("next_line"),
                        (Long) rs.getObject("rows_per_second", Long.class), rs.getString("failure"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("started_at", OffsetDateTime.class)),
                        instant(rs.getObject("finished_at", OffsetDateTime.class))))
                .optional();
    }

    /** Jobs not finished whose lease ran out (or never had one), oldest first. */
    List<Long> claimable(Instant now) {
        return jdbc.sql("""
                SELECT id FROM contact_import WHERE status IN ('QUEUED', 'RUNNING')
                AND (locked_until IS NULL OR locked_until < :now) ORDER BY id""")
                .param("now", at(now)).query(Long.class).list();
    }

    /** Takes the job for this node until {@code until}, if nobody holds it; true when taken. */
    boolean claim(long id, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE contact_import SET status = 'RUNNING', locked_until = :until,
                       started_at = COALESCE(started_at, :now)
                WHERE id = :id AND status IN ('QUEUED', 'RUNNING') AND (locked_until IS NULL OR locked_until < :now)""")
                .param("until", at(until)).param("now", at(now)).param("id", id).update() == 1;
    }

    /** Adds a committed batch to the job and extends its lease; in the batch's transaction. */
    void advance(long id, Progress p, long rowsPerSecond, Instant until) {
        jdbc.sql("""
                UPDATE contact_import SET rows_done = rows_done + :rows, rows_new = rows_new + :new,
                       rows_updated = rows_updated + :updated, rows_unchanged = rows_unchanged + :unchanged,
                       rows_rejected = rows_rejected + :rejected, relaunched = relaunched + :relaunched,
                       next_offset = :offset, next_line = :line, rows_per_second = :rate, locked_until = :until
                WHERE id = :id""")
                .param("rows", p.rows()).param("new", p.rowsNew()).param("updated", p.updated())
                .param("unchanged", p.unchanged()).param("rejected", p.rejected()).param("relaunched", p.relaunched())
                .param("offset", p.nextOffset()).param("line", p.nextLine()).param("rate", rowsPerSecond)
                .param("until", at(until)).param("id", id).update();
    }

    void finish(long id, String status, String failure, Long rowsPerSecond, Instant now) {
        jdbc.sql("""
                UPDATE contact_import SET status = :status, failure = :failure, finished_at = :now, locked_until = NULL,
                       rows_per_second = COALESCE(:rate, rows_per_second)
                WHERE id = :id""")
                .param("status", status).param("failure", failure).param("now", at(now)).param("rate", rowsPerSecond)
                .param("id", id).update();
    }

    /** Lets the job go (an error): whoever claims it next, after {@code until}, resumes from its checkpoint. */
    void release(long id, Instant until) {
        jdbc.sql("UPDATE contact_import SET locked_until = :until WHERE id = :id")
                .param("until", at(until)).param("id", id).update();
    }

    void saveBatch(long id, long firstLine, long lastLine, String outcomes, String lineOffsets,
            List<RowOutcome> rejections) {
        jdbc.sql("""
                INSERT INTO contact_import_batch (import_id, first_line, last_line, outcomes, line_offsets)
                VALUES (:id, :first, :last, :outcomes, :offsets)""")
                .param("id", id).param("first", firstLine).param("last", lastLine).param("outcomes", outcomes)
                .param("offsets", lineOffsets).update();
        for (RowOutcome rejection : rejections) {
            jdbc.sql("INSERT INTO contact_import_rejection (import_id, line, reason) VALUES (:id, :line, :reason)")
                    .param("id", id).param("line", rejection.line()).param("reason", rejection.reason()).update();
        }
    }

    /** Rejected rows after a line, in line order. */
    List<RowOutcome> rejections(long id, long afterLine, int limit) {
        return jdbc.sql("""
                SELECT line, reason FROM contact_import_rejection WHERE import_id = :id AND line > :after
                ORDER BY line FETCH FIRST :limit ROWS ONLY""")
                .param("id", id).param("after", afterLine).param("limit", limit)
                .query((rs, n) -> new RowOutcome(rs.getLong("line"), 'R', rs.getString("reason"))).list();
    }

    /** Rows after a line with one of these outcomes (N, U, S, R), in line order, at most {@code limit}. */
    List<RowOutcome> outcomes(long id, long afterLine, String wanted, int limit) {
        List<RowOutcome> rows = new java.util.ArrayList<>();
        long after = afterLine;
        while (rows.size() < limit) {
            record Batch(long firstLine, long lastLine, String outcomes, String offsets) {
            }
            List<Batch> batches = jdbc.sql("""
                    SELECT first_line, last_line, outcomes, line_offsets FROM contact_import_batch
                    WHERE import_id = :id AND last_line > :after ORDER BY first_line FETCH FIRST 20 ROWS ONLY""")
                    .param("id", id).param("after", after)
                    .query((rs, n) -> new Batch(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                    .list();
            if (batches.isEmpty()) {
                break;
            }
            for (Batch batch : batches) {
                String[] offsets = batch.offsets() == null ? null : batch.offsets().split(",");
                for (int i = 0; i < batch.outcomes().length() && rows.size() < limit; i++) {
                    long line = batch.firstLine() + (offsets == null ? i : Long.parseLong(offsets[i]));
                    char outcome = batch.outcomes().charAt(i);
                    if (line > afterLine && wanted.indexOf(outcome) >= 0) {
                        rows.add(new RowOutcome(line, outcome, null));
                    }
                }
                after = batch.lastLine();
            }
        }
        return rows;
    }

    String reason(long id, long line) {
        return jdbc.sql("SELECT reason FROM contact_import_rejection WHERE import_id = :id AND line = :line")
                .param("id", id).param("line", line).query(String.class).optional().orElse(null);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
