package io.rekindle.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * A base of waiting journeys made in SQL (PostgreSQL) from one real one: the template, a journey started as the
 * benchmark starts any, copied {@code n} times with {@code generate_series} (copy {@code g.n}). Which engine tables
 * the template has rows in is read, not assumed: every {@code act_*} table with a process instance column. In each
 * copied row, every value that is the id of one of the template's rows (the instance, its executions, timer job,
 * subscriptions, variables, history rows; {@code Timer_J30:<uuid>} activity instance ids keep their prefix) becomes
 * the copy's UUID for it ({@link #COPY_UUID}), the same in every table, so the copies reference each other as the
 * template's rows do; the business key and the variables named in {@code variables} become the copy's own; the rest
 * (definition, deployment, job definition, due date 30 days ahead, states, counters) stays the template's.
 */
final class JourneyCopies {

    private static final String UUID_AT_END = "'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";

    /**
     * The copy's UUID for the template's id {@code $v}: the copy number first, as the engine's time-based UUIDs start
     * with the time (ids made one after the other sort together: each primary key grows at its end, not at random
     * pages), then an md5 of the id and the copy number (distinct rows of one copy differ).
     */
    private static final String COPY_UUID = "lpad(to_hex(g.n), 8, '0') || substr(md5($v || ':' || g.n)::uuid::text, 9)";

    /** A variable of the copies: its value as SQL of {@code g.n}, for the text column and (null: kept) the long one. */
    record Variable(String text, String number) {
    }

    private final DataSource dataSource;
    private final String businessKey;
    private final Map<String, Variable> variables;
    /** Per engine table the template has rows in: the INSERT … SELECT that copies them for {@code g.n} in [?, ?]. */
    private final Map<String, String> inserts = new LinkedHashMap<>();
    private final Map<String, Long> rowsPerJourney = new LinkedHashMap<>();

    /**
     * Reads the template's rows.
     *
     * @param template the template's process instance id
     * @param businessKey the copy's business key, SQL of {@code g.n}
     * @param variables the copy's own variable values by name, SQL of {@code g.n}
     */
    JourneyCopies(DataSource dataSource, String template, String businessKey, Map<String, Variable> variables)
            throws SQLException {
        this.dataSource = dataSource;
        this.businessKey = businessKey;
        this.variables = variables;
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> instanceColumn = instanceColumns(c);
            Set<String> ids = new LinkedHashSet<>();
            for (var table : instanceColumn.entrySet()) {
                List<String> rowIds = strings(c, "SELECT id_ FROM " + table.getKey() + " WHERE " + table.getValue()
                        + " = ?", template);
                if (!rowIds.isEmpty()) {
                    ids.addAll(rowIds);
                    rowsPerJourney.put(table.getKey(), (long) rowIds.size());
                }
            }
            if (rowsPerJourney.isEmpty()) {
                throw new IllegalStateException("no engine row of the template instance " + template);
            }
            String idArray = ids.stream().map(JourneyCopies::literal).collect(Collectors.joining(",", "ARRAY[", "]"));
            for (String table : rowsPerJourney.keySet()) {
                inserts.put(table, insert(c, table, instanceColumn.get(table), template, idArray));
            }
        }
    }

    /** The engine tables the template has rows in, and how many. */
    Map<String, Long> rowsPerJourney() {
        return rowsPerJourney;
    }

    /** Rows written with each chunk of copies, in its transaction (a side's own rows, such as contacts). */
    interface Alongside {
        void copy(Connection c, long from, long to) throws SQLException;
    }

    /**
     * Copies 1 to {@code copies} in chunks of {@code chunk}, each one transaction with {@code alongside}'s rows. The
     * secondary indexes of the tables written ({@code alsoWritten} too) are dropped first and built again at the end
     * (a build sorts once; a million random UUIDs inserted into a dozen indexes each thrash the buffer cache), and the
     * foreign-key triggers are off in this session (every reference is the template's, mapped): minutes, not hours,
     * for a million. Primary keys and unique constraints stay: a copy that collided would fail.
     */
    void copyAll(long copies, int chunk, List<String> alsoWritten, Alongside alongside, java.util.function.LongConsumer
            progress) throws SQLException {
        List<String> tables = new ArrayList<>(rowsPerJourney.keySet());
        tables.addAll(alsoWritten);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("SET maintenance_work_mem = '256MB'");
            List<String> indexes = secondaryIndexes(c, tables);
            for (String index : indexes) {
                s.execute("DROP INDEX " + index.substring(0, index.indexOf(' ')));
            }
            c.setAutoCommit(false);
            for (long from = 1; from <= copies; from += chunk) {
                long to = Math.min(copies, from + chunk - 1);
                alongside.copy(c, from, to);
                copy(c, from, to);
                c.commit();
                progress.accept(to);
            }
            c.setAutoCommit(true);
            for (String index : indexes) {
                s.execute(index.substring(index.indexOf(' ') + 1));
            }
            s.execute("RESET session_replication_role");
        }
    }

    /** "name definition" of each index of {@code tables} that backs no constraint. */
    private static List<String> secondaryIndexes(Connection c, List<String> tables) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT ic.relname || ' ' || pg_get_indexdef(i.indexrelid)"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
                + " AND t.relname = ANY(?) AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                + " WHERE k.conindid = i.indexrelid)")) {
            s.setArray(1, c.createArrayOf("varchar", tables.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
        }
        return indexes;
    }

    /** Copies {@code from} to {@code to} (inclusive). */
    private void copy(Connection c, long from, long to) throws SQLException {
        for (String insert : inserts.values()) {
            try (PreparedStatement s = c.prepareStatement(insert)) {
                s.setLong(1, from);
                s.setLong(2, to);
                s.executeUpdate();
            }
        }
    }

    private String insert(Connection c, String table, String instanceColumn, String template, String idArray)
            throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        boolean variableTable = types.containsKey("name_") && types.containsKey("long_")
                && types.containsKey("text_");
        List<String> values = new ArrayList<>();
        for (var column : types.entrySet()) {
            String name = column.getKey();
            if (name.equals("business_key_")) {
                values.add("CASE WHEN t.business_key_ IS NULL THEN NULL ELSE " + businessKey + " END");
            } else if (variableTable && name.equals("long_")) {
                values.add(byVariable(name, v -> v.number()));
            } else if (variableTable && name.equals("text_")) {
                values.add(byVariable(name, v -> v.text()));
            } else if ((column.getValue().contains("char") || column.getValue().equals("text"))
                    && holdsId(c, table, instanceColumn, name, template, idArray)) {
                // a reference to one of the template's rows: the copy's row of the same kind
                values.add("CASE WHEN t." + name + " = ANY(" + idArray + ") THEN regexp_replace(t." + name + ", "
                        + UUID_AT_END + ", " + COPY_UUID.replace("$v", "t." + name) + ") ELSE t." + name + " END");
            } else {
                values.add("t." + name);
            }
        }
        return "INSERT INTO " + table + " (" + String.join(", ", types.keySet()) + ") SELECT "
                + String.join(", ", values) + " FROM " + table + " t, generate_series(?::bigint, ?::bigint) g(n)"
                + " WHERE t." + instanceColumn + " = " + literal(template);
    }

    /** Whether the template's rows hold one of its row ids in {@code column}: only those columns are mapped. */
    private static boolean holdsId(Connection c, String table, String instanceColumn, String column, String template,
            String idArray) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table
                + " WHERE " + instanceColumn + " = " + literal(template) + " AND " + column + " = ANY(" + idArray
                + ")")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private String byVariable(String column, java.util.function.Function<Variable, String> value) {
        StringBuilder sql = new StringBuilder("CASE t.name_");
        variables.forEach((name, v) -> {
            if (value.apply(v) != null) {
                sql.append(" WHEN ").append(literal(name)).append(" THEN ").append(value.apply(v));
            }
        });
        return sql.append(" ELSE t.").append(column).append(" END").toString();
    }

    /** Engine tables by their process instance column (proc_inst_id_, or process_instance_id_ for jobs). */
    private static Map<String, String> instanceColumns(Connection c) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT c.table_name,"
                + " min(c.column_name) FROM information_schema.columns c JOIN information_schema.columns i"
                + " ON i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id_'"
                + " WHERE c.table_schema = current_schema() AND c.table_name LIKE 'act\\_%'"
                + " AND c.column_name IN ('proc_inst_id_', 'process_instance_id_') GROUP BY c.table_name"
                // the executions first: the other runtime rows have foreign keys to them
                + " ORDER BY c.table_name <> 'act_ru_execution', c.table_name")) {
            while (rs.next()) {
                columns.put(rs.getString(1), rs.getString(2));
            }
        }
        return columns;
    }

    static List<String> strings(Connection c, String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
