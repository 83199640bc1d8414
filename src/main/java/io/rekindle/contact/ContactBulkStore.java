package io.rekindle.contact;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.rekindle.system.DatabaseKind;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Contacts read and written many at a time, by {@link ContactField}: what an import of a whole base needs to reach
 * tens of thousands of contacts a second (one query per batch to find them, one multi-row insert, batched updates).
 * Nothing here publishes {@link ContactSignedUp}: a contact written in bulk starts no journey by itself.
 * Runs in the caller's transaction.
 */
@Component
public class ContactBulkStore {

    private static final ContactField[] FIELDS = ContactField.values();
    private static final String COLUMNS = Arrays.stream(FIELDS).map(ContactField::column)
            .collect(Collectors.joining(", "));
    /** rows per INSERT statement: 22 parameters each, well under PostgreSQL's 32,767 */
    private static final int ROWS_PER_INSERT = 500;

    /** A contact as stored: its id, whether it was erased, and its values indexed by {@link ContactField#ordinal()}. */
    public record Stored(long id, boolean erased, Object[] values) {
    }

    /** One field of a contact changed, for its history. */
    public record Change(long contactId, ContactField field, Object oldValue, Object newValue) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final DatabaseKind database;

    ContactBulkStore(JdbcTemplate jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /**
     * Brings the database's statistics of the contact table up to date (PostgreSQL's ANALYZE): a bulk write makes the
     * table grow faster than autovacuum looks, and with stale statistics a lookup of a thousand external ids is
     * planned as a scan of the whole table. Nothing to do on H2.
     */
    public void refreshStatistics() {
        if (database.postgres()) {
            jdbc.execute("ANALYZE contact");
        }
    }

    /** The contacts with these external ids, by external id (absent: unknown). */
    public Map<String, Stored> findByExternalIds(Collection<String> externalIds) {
        Map<String, Stored> found = new HashMap<>();
        if (externalIds.isEmpty()) {
            return found;
        }
        // one array parameter rather than a thousand: one plan, a short statement to parse and bind
        jdbc.query("SELECT id, erased_at, " + COLUMNS + " FROM contact WHERE external_id = ANY (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("VARCHAR", externalIds.toArray())), rs -> {
                    Object[] values = new Object[FIELDS.length];
                    for (ContactField field : FIELDS) {
                        values[field.ordinal()] = read(rs, field);
                    }
                    found.put((String) values[ContactField.EXTERNAL_ID.ordinal()],
                            new Stored(rs.getLong("id"), rs.getObject("erased_at") != null, values));
                });
        return found;
    }

    /**
     * Inserts new contacts (values indexed by {@link ContactField#ordinal()}; locale, sign-up date, consents, email
     * status, purchase count and revenue must be set).
     */
    public void insert(List<Object[]> contacts, Instant now) {
        if (contacts.isEmpty()) {
            return;
        }
        if (database.postgres()) {
            copy(contacts, now);
            return;
        }
        for (int from = 0; from < contacts.size(); from += ROWS_PER_INSERT) {
            List<Object[]> part = contacts.subList(from, Math.min(contacts.size(), from + ROWS_PER_INSERT));
            String row = "(" + "?, ".repeat(FIELDS.length) + "?, ?)";
            String sql = "INSERT INTO contact (" + COLUMNS + ", created_at, updated_at) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(part.size(), row));
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            jdbc.update(sql, ps -> {
                int i = 1;
                for (Object[] values : part) {
                    for (ContactField field : FIELDS) {
                        bind(ps, i++, field, values[field.ordinal()]);
                    }
                    ps.setObject(i++, at);
                    ps.setObject(i++, at);
                }
            });
        }
    }

    /**
     * PostgreSQL's COPY, the fastest way in: several times the rate of the same rows as INSERT statements. In the
     * caller's transaction (the connection Spring holds for it). The driver is a runtime dependency, hence the
     * reflection, once per batch.
     */
    private void copy(List<Object[]> contacts, Instant now) {
        StringBuilder csv = new StringBuilder(contacts.size() * 256);
        String at = now.atOffset(ZoneOffset.UTC).toString();
        for (Object[] values : contacts) {
            for (ContactField field : FIELDS) {
                Object value = values[field.ordinal()];
                if (value instanceof String text) {
                    csv.append('"').append(text.replace("\"", "\"\"")).append('"');
                } else if (value instanceof BigDecimal decimal) {
                    csv.append(decimal.toPlainString());
                } else if (value != null) {
                    csv.append(value);
                }
                csv.append(',');
            }
            csv.append(at).append(',').append(at).append('\n');
        }
        jdbc.execute((java.sql.Connection connection) -> {
            try {
                Object pg = connection.unwrap(Class.forName("org.postgresql.PGConnection"));
                Object api = pg.getClass().getMethod("getCopyAPI").invoke(pg);
                api.getClass().getMethod("copyIn", String.class, java.io.Reader.class).invoke(api,
                        "COPY contact (" + COLUMNS + ", created_at, updated_at) FROM STDIN (FORMAT csv)",
                        new java.io.StringReader(csv.toString()));
                return null;
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("No PostgreSQL driver for COPY", e);
            }
        });
    }

    /** Writes every field of these contacts (all but the external id), in one JDBC batch. */
    public void update(List<Stored> contacts, Instant now) {
        if (contacts.isEmpty()) {
            return;
        }
        String sets = Arrays.stream(FIELDS).filter(f -> f != ContactField.EXTERNAL_ID)
                .map(f -> f.column() + " = ?").collect(Collectors.joining(", "));
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate("UPDATE contact SET " + sets + ", updated_at = ? WHERE id = ?", contacts, contacts.size(),
                (ps, contact) -> {
                    int i = 1;
                    for (ContactField field : FIELDS) {
                        if (field != ContactField.EXTERNAL_ID) {
                            bind(ps, i++, field, contact.values()[field.ordinal()]);
                        }
                    }
                    ps.setObject(i++, at);
                    ps.setLong(i, contact.id());
                });
    }

    /** The ids of these contacts, by external id. */
    public Map<String, Long> idsOf(Collection<String> externalIds) {
        Map<String, Long> ids = new HashMap<>();
        if (!externalIds.isEmpty()) {
            named.query("SELECT id, external_id FROM contact WHERE external_id IN (:ids)", Map.of("ids", externalIds),
                    rs -> {
                        ids.put(rs.getString("external_id"), rs.getLong("id"));
                    });
        }
        return ids;
    }

    /** Records changes in the contacts' history ({@code contact_change}), with where they came from. */
    public void recordChanges(List<Change> changes, String source, Instant at) {
        if (changes.isEmpty()) {
            return;
        }
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate("INSERT INTO contact_change (contact_id, changed_at, source, field, old_value, new_value)"
                + " VALUES (?, ?, ?, ?, ?, ?)", changes, changes.size(), (ps, change) -> {
                    ps.setLong(1, change.contactId());
                    ps.setObject(2, when);
                    ps.setString(3, source);
                    ps.setString(4, change.field().apiName());
                    ps.setString(5, text(change.oldValue()));
                    ps.setString(6, text(change.newValue()));
                });
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        return text.length() > 254 ? text.substring(0, 254) : text;
    }

    private static Object read(ResultSet rs, ContactField field) throws SQLException {
        String column = field.column();
        return switch (field.kind()) {
            case TEXT -> rs.getString(column);
            case INSTANT -> {
                OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
                yield at == null ? null : at.toInstant();
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(column);
                yield rs.wasNull() ? null : value;
            }
            case INTEGER -> {
                int value = rs.getInt(column);
                yield rs.wasNull() ? null : value;
            }
            case DECIMAL -> rs.getBigDecimal(column);
        };
    }

    private static void bind(PreparedStatement ps, int index, ContactField field, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, switch (field.kind()) {
                case TEXT -> Types.VARCHAR;
                case INSTANT -> Types.TIMESTAMP_WITH_TIMEZONE;
                case BOOLEAN -> Types.BOOLEAN;
                case INTEGER -> Types.INTEGER;
                case DECIMAL -> Types.NUMERIC;
            });
            return;
        }
        switch (field.kind()) {
            case INSTANT -> ps.setObject(index, ((Instant) value).atOffset(ZoneOffset.UTC));
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case INTEGER -> ps.setInt(index, (Integer) value);
            case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
            case TEXT -> ps.setString(index, (String) value);
        }
    }
}
