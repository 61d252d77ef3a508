package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A connection keeps the service's schema even when the first transaction it serves rolls back.
 * It used not to: the pool set the schema with a SET inside that transaction, and the rollback
 * undid it, so the connection went on in "$user", public.
 */
class SchemaAfterRollbackIT {

    @Test
    void aConnectionWhoseFirstTransactionRolledBackStillWorksInTheSchema() throws Exception {
        // openExisting's check for the ledger is the first connection's first transaction: a read, rolled back.
        try (TestDatabase fixture = TestPostgres.freshDatabase();
             PostgresDatabase db = PostgresDatabase.openExisting(new PostgresSettings(TestPostgres.server().jdbcUrl(),
                     TestPostgres.server().user(), TestPostgres.server().password(), fixture.schema(), 2));
             Connection one = db.dataSource().getConnection();
             Connection other = db.dataSource().getConnection()) {
            assertThat(currentSchema(one)).isEqualTo(fixture.schema());
            assertThat(currentSchema(other)).isEqualTo(fixture.schema());
        }
    }

    private static String currentSchema(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet schema = statement.executeQuery("SELECT current_schema()")) {
            schema.next();
            String name = schema.getString(1);
            connection.rollback();
            return name;
        }
    }
}
