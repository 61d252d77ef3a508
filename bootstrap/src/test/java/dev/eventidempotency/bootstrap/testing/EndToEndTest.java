package dev.eventidempotency.bootstrap.testing;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The servers of a test that runs the service: the shared real Kafka broker, and a migrated schema
 * of the class's own on the real PostgreSQL, every table emptied before each test.
 */
public abstract class EndToEndTest {

    protected static TestDatabase db;

    @BeforeAll
    static void startServers() {
        db = TestPostgres.freshDatabase();
        TestKafka.bootstrapServers();
    }

    @AfterAll
    static void dropSchema() {
        db.close();
    }

    @BeforeEach
    void emptyTables() {
        db.emptyEveryTable();
    }
}
