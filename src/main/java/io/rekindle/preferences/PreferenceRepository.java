package io.rekindle.preferences;

import java.util.Optional;

import io.rekindle.system.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The contact's choices as they stand ({@code contact_preference}) and every change ({@code contact_preference_change}). */
@Repository
class PreferenceRepository {


    /** The contact's name and language, for the page; empty: no such contact, or erased. */
    record PageContact(long id, String firstName, String locale, boolean emailConsent, boolean smsConsent) {
    }

    private final JdbcClient jdbc;

    PreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Preferences> find(long contactId) {
        return jdbc.sql("SELECT " + PreferenceRows.COLUMNS + " FROM contact_preference p WHERE p.contact_id = ?")
                .param(contactId).query((rs, n) -> PreferenceRows.map(rs)).optional();
    }

    Optional<PageContact> pageContact(long contactId) {
        return jdbc.sql("SELECT id, first_name, locale, email_consent, sms_consent FROM contact WHERE id = ?"
                + " AND erased_at IS NULL").param(contactId).query((rs, n) -> new PageContact(rs.getLong(1),
                        rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5))).optional();
    }

    /** The choices as they stand now, and a line of history with the same values. */
    void save(long contactId, Preferences choice, boolean unsubscribedAll) {
        Object[] values = {choice.email(), choice.sms(), String.join(",", choice.topicsOff()),
            choice.frequency().name(), choice.pausedUntil() == null ? null : Times.utc(choice.pausedUntil()),
            Times.utc(choice.updatedAt())};
        int updated = jdbc.sql("UPDATE contact_preference SET email_on = ?, sms_on = ?, topics_off = ?, frequency = ?,"
                + " paused_until = ?, updated_at = ? WHERE contact_id = ?").params(values).param(contactId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO contact_preference (email_on, sms_on, topics_off, frequency, paused_until,"
                    + " updated_at, contact_id) VALUES (?, ?, ?, ?, ?, ?, ?)").params(values).param(contactId)
                    .update();
        }
        jdbc.sql("INSERT INTO contact_preference_change (email_on, sms_on, topics_off, frequency, paused_until,"
                + " changed_at, contact_id, unsubscribed_all) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").params(values)
                .param(contactId).param(unsubscribedAll).update();
    }

    int delete(long contactId) {
        return jdbc.sql("DELETE FROM contact_preference_change WHERE contact_id = ?").param(contactId).update()
                + jdbc.sql("DELETE FROM contact_preference WHERE contact_id = ?").param(contactId).update();
    }
}
