package dev.eventidempotency.adapter.postgres.testing;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A migrated schema of its own on the test server, with the queries tests use to check effects. */
public final class TestDatabase implements AutoCloseable {

    private final PostgresDatabase database;

    TestDatabase(PostgresDatabase database) {
        this.database = database;
    }

    public PostgresDatabase database() {
        return database;
    }

    public String schema() {
        return query("SELECT current_schema()").get(0);
    }

    public long count(String sql, Object... parameters) {
        return Long.parseLong(query(sql, parameters).get(0));
    }

    /** The first column of every row, as text. */
    public List<String> query(String sql, Object... parameters) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> column = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    column.add(rows.getString(1));
                }
            }
            connection.rollback();
            return column;
        } catch (SQLException failure) {
            throw new IllegalStateException(sql + ": " + failure.getMessage(), failure);
        }
    }

    /** Runs SQL outside any unit of work and commits it: for arranging a test, never for effects under test. */
    public void execute(String sql) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.commit();
        } catch (SQLException failure) {
            throw new IllegalStateException(sql + ": " + failure.getMessage(), failure);
        }
    }

    /** Empties every table the migrations made, the ledger's and the business's alike, so no test names them. */
    public void emptyEveryTable() {
        List<String> tables = query("""
                SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'""");
        execute("TRUNCATE " + String.join(", ", tables));
    }

    @Override
    public void close() {
        String schema = schema();
        execute("DROP SCHEMA " + schema + " CASCADE");
        database.close();
    }
}
