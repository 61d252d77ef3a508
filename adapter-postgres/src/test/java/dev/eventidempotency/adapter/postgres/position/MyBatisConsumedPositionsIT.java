package dev.eventidempotency.adapter.postgres.position;

import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.ConsumedPositions;
import dev.eventidempotency.application.idempotency.port.out.ConsumedPositionsContract;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consumed positions on PostgreSQL keep the port's contract. */
class MyBatisConsumedPositionsIT extends ConsumedPositionsContract {

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private final MyBatisConsumedPositions positions = new MyBatisConsumedPositions();

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected ConsumedPositions positions() {
        return positions;
    }
}
