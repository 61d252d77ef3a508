package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The one number a query returns (a count, a sum, seconds), read on a connection of its own. */
final class QueriedNumber {

    private QueriedNumber() {
    }

    static double of(PostgresDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            result.next();
            double value = result.getDouble(1);
            connection.rollback();
            return value;
        }
    }

    static long count(PostgresDatabase database, String sql) throws SQLException {
        return (long) of(database, sql);
    }
}
