package io.rekindle.gdpr;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Reads every character, text, CLOB and binary column of every table of the database (ours and the
 * engine's ACT_* tables), as listed by information_schema, and reports where given strings occur.
 * Binary values are read as UTF-8 text. Case-insensitive.
 */
final class DatabaseScan {

    private DatabaseScan() {
    }

    /** marker → "table.column" places where it occurs (only markers found anywhere are keys). */
    static Map<String, List<String>> find(DataSource dataSource, Collection<String> markers) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<String>> columns = textColumns(c);
            if (columns.size() < 40) {
                throw new IllegalStateException("Expected our tables and the engine's, found " + columns.keySet());
            }
            for (var table : columns.entrySet()) {
                String select = "SELECT " + String.join(", ", table.getValue().stream().map(col -> "\"" + col + "\"")
                        .toList()) + " FROM \"" + table.getKey() + "\"";
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
                    while (rs.next()) {
                        for (int i = 1; i <= table.getValue().size(); i++) {
                            String value = text(rs.getObject(i));
                            if (value == null) {
                                continue;
                            }
                            String lower = value.toLowerCase(Locale.ROOT);
                            for (String marker : markers) {
                                if (lower.contains(marker.toLowerCase(Locale.ROOT))) {
                                    found.computeIfAbsent(marker, m -> new ArrayList<>())
                                            .add(table.getKey() + "." + table.getValue().get(i - 1));
                                }
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static Map<String, List<String>> textColumns(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT c.table_name, c.column_name, c.data_type
                FROM information_schema.columns c JOIN information_schema.tables t
                  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE UPPER(c.table_schema) = 'PUBLIC' AND t.table_type IN ('BASE TABLE', 'TABLE')
                ORDER BY c.table_name, c.ordinal_position""")) {
            while (rs.next()) {
                String type = rs.getString(3).toUpperCase(Locale.ROOT);
                if (type.contains("CHAR") || type.contains("TEXT") || type.contains("CLOB") || type.contains("BLOB")
                        || type.contains("BINARY") || type.contains("BYTEA") || type.contains("LARGE OBJECT")
                        || type.contains("JSON")) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static String text(Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof Blob blob) {
            return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
        }
        if (value instanceof Clob clob) {
            try (Reader reader = clob.getCharacterStream()) {
                var out = new StringBuilder();
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) > 0; ) {
                    out.append(buffer, 0, n);
                }
                return out.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return value.toString();
    }
}
