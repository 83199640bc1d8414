package io.rekindle.gdpr;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One feature's share of a person's data export (right of access): what it holds on the contact, as plain values a
 * person can read. Every feature that stores something per contact has one next to its {@link PersonalDataEraser};
 * {@link PersonalDataExport} gathers them all under their {@link #name()}s.
 */
public interface PersonalDataExporter {

    /** The section of the export, e.g. {@code messages}. */
    String name();

    /** What is held on this contact (a list of records, or one record). */
    Object export(long contactId);

    /**
     * Rows as a JDBC query lists them, made readable the same on every database: column names in lower case, times in
     * ISO-8601 UTC.
     */
    static List<Map<String, Object>> readable(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> readable = new LinkedHashMap<>();
            row.forEach((column, value) -> readable.put(column.toLowerCase(Locale.ROOT), readable(value)));
            return readable;
        }).toList();
    }

    private static Object readable(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        return value;
    }
}
