package io.rekindle.gdpr;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An export section that is the rows of one query with the contact id as its only parameter, made
 * {@linkplain PersonalDataExporter#readable readable}: what most features' exporters are.
 */
public abstract class SqlRowsExporter implements PersonalDataExporter {

    private final JdbcClient jdbc;
    private final String name;
    private final String query;

    protected SqlRowsExporter(JdbcClient jdbc, String name, String query) {
        this.jdbc = jdbc;
        this.name = name;
        this.query = query;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Object export(long contactId) {
        return PersonalDataExporter.readable(jdbc.sql(query).param(contactId).query().listOfRows());
    }
}
