package io.rekindle.preferences;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.rekindle.system.Times;

/**
 * The columns of {@code contact_preference} and how a row reads, for a read that joins them to the contact's (the
 * dispatch path reads a contact and its choices in one statement: {@code LEFT JOIN contact_preference p ON
 * p.contact_id = ...}). No row: {@link Preferences#NONE}.
 */
public final class PreferenceRows {

    /** The columns of table alias {@code p}, named as {@link #map} reads them (the contact has its own updated_at). */
    public static final String COLUMNS = "p.email_on AS pref_email_on, p.sms_on AS pref_sms_on,"
            + " p.topics_off AS pref_topics_off, p.frequency AS pref_frequency, p.paused_until AS pref_paused_until,"
            + " p.updated_at AS pref_updated_at";

    private PreferenceRows() {
    }

    public static Preferences map(ResultSet rs) throws SQLException {
        OffsetDateTime updatedAt = rs.getObject("pref_updated_at", OffsetDateTime.class);
        if (updatedAt == null) {
            return Preferences.NONE;
        }
        String off = rs.getString("pref_topics_off");
        Set<String> topicsOff = off.isEmpty() ? Set.of() : Arrays.stream(off.split(",")).collect(Collectors.toSet());
        return new Preferences(rs.getBoolean("pref_email_on"), rs.getBoolean("pref_sms_on"), topicsOff,
                Frequency.valueOf(rs.getString("pref_frequency")),
                Times.instant(rs.getObject("pref_paused_until", OffsetDateTime.class)), Times.instant(updatedAt));
    }
}
