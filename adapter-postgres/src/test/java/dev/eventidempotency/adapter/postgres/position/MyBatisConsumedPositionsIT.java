package dev.eventidempotency.adapter.postgres.position;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.out.ConsumedPositions;
import dev.eventidempotency.application.idempotency.port.out.ConsumedPositionsContract;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The consumed positions on PostgreSQL keep the port's contract. */
class MyBatisConsumedPositionsIT extends ConsumedPositionsContract {

    private static TestDatabase db;

    private final MyBatisConsumedPositions positions = new MyBatisConsumedPositions();

    @BeforeAll
    static void migrate() {
        db = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void emptyTable() {
        db.execute("TRUNCATE consumer_positions");
    }

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected ConsumedPositions positions() {
        return positions;
    }
}
