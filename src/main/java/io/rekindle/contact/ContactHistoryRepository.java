package io.rekindle.contact;

import static io.rekindle.system.Times.utc;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code contact_change}: one row per changed field of a contact, with where the change came from. */
@Repository
class ContactHistoryRepository {

    private final JdbcClient jdbc;

    ContactHistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long contactId, Instant at, String source, String field, String oldValue, String newValue) {
        jdbc.sql("""
                INSERT INTO contact_change (contact_id, changed_at, source, field, old_value, new_value)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(contactId, utc(at), source, field, oldValue, newValue)
                .update();
    }

    /** Oldest first. */
    List<ContactHistoryEntry> of(long contactId) {
        return jdbc.sql("""
                SELECT changed_at, source, field, old_value, new_value FROM contact_change
                WHERE contact_id = ? ORDER BY changed_at, id""")
                .param(contactId)
                .query((rs, n) -> new ContactHistoryEntry(ContactRepository.time(rs, "changed_at"),
                        rs.getString("source"), rs.getString("field"), rs.getString("old_value"),
                        rs.getString("new_value")))
                .list();
    }

    int erase(long contactId) {
        return jdbc.sql("DELETE FROM contact_change WHERE contact_id = ?").param(contactId).update();
    }
}
