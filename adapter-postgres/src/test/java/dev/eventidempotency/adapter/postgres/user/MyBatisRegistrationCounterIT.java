package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.application.user.port.out.RegistrationCounterContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@code users_registered} row of {@code counters} keeps the port's contract. */
class MyBatisRegistrationCounterIT extends RegistrationCounterContract {

    private static TestDatabase db;

    private final MyBatisRegistrationCounter counter = new MyBatisRegistrationCounter();

    @BeforeAll
    static void migrate() {
        db = TestPostgres.freshDatabase(List.of(UserMapper.class));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void emptyTable() {
        db.execute("TRUNCATE counters");
    }

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected RegistrationCounter counter() {
        return counter;
    }

    @Override
    protected long count() {
        return db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = ?", MyBatisRegistrationCounter.COUNTER_NAME);
    }
}
