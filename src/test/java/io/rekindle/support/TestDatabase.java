package io.rekindle.support;

import java.util.Locale;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database a {@link BothDatabases} test runs on, chosen in one place: the system property
 * {@value #PROPERTY} ({@code h2}, the default, or {@code postgres}). The build runs those tests once with each
 * (pom.xml, the Surefire and Failsafe executions {@code postgres}). On PostgreSQL the {@link PostgresDatabase} rules
 * hold: a fresh database per app, skipped and said so where no PostgreSQL answers, a failure in CI.
 */
public enum TestDatabase {

    H2, POSTGRES;

    public static final String PROPERTY = "rekindle.test.database";

    /** What {@value #PROPERTY} names; H2 where it names nothing. */
    public static TestDatabase current() {
        String value = System.getProperty(PROPERTY, "h2").trim().toUpperCase(Locale.ROOT);
        return value.isEmpty() ? H2 : valueOf(value);
    }

    /** A database name PostgreSQL takes: {@code RelaunchOverHttpTest} → {@code relaunch_over_http_test}. */
    public static String plainName(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    /** Runs a {@link BothDatabases} test on H2 always, on PostgreSQL where {@link PostgresDatabase} lets it. */
    public static final class Available implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return current() == POSTGRES ? new PostgresDatabase().evaluateExecutionCondition(context)
                    : ConditionEvaluationResult.enabled("H2");
        }
    }
}
