package io.rekindle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Another transaction holding a journey's execution rows ({@code SELECT … FOR UPDATE}) until closed, as a timer's job
 * does while it moves the journey: what a change of the same journey meets.
 */
public final class JourneyLock implements AutoCloseable {

    private final Connection connection;

    public JourneyLock(DataSource dataSource, String processInstanceId) throws SQLException {
        connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (var statement = connection.prepareStatement(
                "SELECT ID_ FROM ACT_RU_EXECUTION WHERE PROC_INST_ID_ = ? FOR UPDATE")) {
            statement.setString(1, processInstanceId);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("the journey's execution rows").isTrue();
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
