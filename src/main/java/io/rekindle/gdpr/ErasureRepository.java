package io.rekindle.gdpr;

import static io.rekindle.system.Times.instant;
import static io.rekindle.system.Times.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ErasureRepository {

    /** No activity of one's own since the cutoff: clicks, visits, purchases, sign-up. Opens do not count. */
    private static final String INACTIVE_SINCE_CUTOFF = """
            erased_at IS NULL AND signed_up_at < :cutoff
            AND (last_purchase_at IS NULL OR last_purchase_at < :cutoff)
            AND (last_visit_at IS NULL OR last_visit_at < :cutoff)
            AND (last_email_click_at IS NULL OR last_email_click_at < :cutoff)""";

    private final JdbcClient jdbc;

    ErasureRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next candidates in id order after {@code afterId}: keyset paging, bounded memory. */
    List<Long> candidates(long afterId, Instant cutoff, int size) {
        return jdbc.sql("SELECT id FROM contact WHERE id > :after AND " + INACTIVE_SINCE_CUTOFF
                        + " ORDER BY id LIMIT :size")
                .param("after", afterId).param("cutoff", utc(cutoff)).param("size", size)
                .query(Long.class).list();
    }

    /**
     * Marks the contact erased if it still is a candidate (it may have come back since it was read, or
     * another run got it first). Returns true when this transaction owns the erasure.
     */
    boolean claim(long contactId, Instant cutoff, Instant now) {
        return jdbc.sql("UPDATE contact SET erased_at = :now WHERE id = :id AND " + INACTIVE_SINCE_CUTOFF)
                .param("now", utc(now)).param("id", contactId).param("cutoff", utc(cutoff))
                .update() == 1;
    }

    /** Marks the contact erased whatever its activity (an erasure on request); false if unknown or erased already. */
    boolean claim(long contactId, Instant now) {
        return jdbc.sql("UPDATE contact SET erased_at = :now WHERE id = :id AND erased_at IS NULL")
                .param("now", utc(now)).param("id", contactId)
                .update() == 1;
    }

    /** A contact that exists and still has its personal data. */
    boolean present(long contactId) {
        return jdbc.sql("SELECT COUNT(*) FROM contact WHERE id = ? AND erased_at IS NULL").param(contactId)
                .query(Long.class).single() == 1;
    }

    void log(long contactId, Instant erasedAt, String reason, String processInstanceId, String summary) {
        jdbc.sql("""
                INSERT INTO erasure_log (contact_id, erased_at, reason, process_instance_id, summary)
                VALUES (?, ?, ?, ?, ?)""")
                .params(contactId, utc(erasedAt), reason, processInstanceId, summary)
                .update();
    }

    List<Erasure> recent(int limit) {
        return jdbc.sql("""
                SELECT contact_id, erased_at, reason, process_instance_id, summary
                FROM erasure_log ORDER BY erased_at DESC, id DESC LIMIT ?""")
                .param(limit)
                .query((rs, n) -> new Erasure(rs.getLong(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }
}
