package io.rekindle.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real PostgreSQL the suite also runs on. Each test class gets a fresh database created next to
 * {@code REKINDLE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code REKINDLE_TEST_PG_USER}, default {@code postgres}).
 * Where no PostgreSQL answers, the PostgreSQL tests are skipped and say so, except in CI
 * ({@code CI=true}) or with {@code REKINDLE_TEST_PG=required}, where they fail.
 */
public final class PostgresDatabase implements ExecutionCondition {

    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

    public static final String ADMIN_URL = env("REKINDLE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("REKINDLE_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("REKINDLE_TEST_PG_PASSWORD", "");
    /** Prepended to every test database name, so that several checkouts can run their suites on one server. */
    public static final String DATABASE_PREFIX = env("REKINDLE_TEST_PG_DB_PREFIX", "");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (required() || reachable()) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + ADMIN_URL);
        }
        String reason = "SKIPPED: no PostgreSQL at " + ADMIN_URL
                + " (set REKINDLE_TEST_PG_URL, or REKINDLE_TEST_PG=required to make this a failure)";
        log.warn(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean required() {
        return "true".equals(System.getenv("CI")) || "required".equals(System.getenv("REKINDLE_TEST_PG"));
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops and creates the named database (with {@link #DATABASE_PREFIX}); returns its JDBC URL. */
    public static String fresh(String database) {
        String name = DATABASE_PREFIX + database;
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " at " + ADMIN_URL, e);
        }
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
