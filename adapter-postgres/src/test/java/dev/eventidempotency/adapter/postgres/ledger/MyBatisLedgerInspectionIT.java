package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.application.ledger.port.out.LedgerInspectionContract;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The ledger's lookups on PostgreSQL keep the port's contract. */
class MyBatisLedgerInspectionIT extends LedgerInspectionContract {

    private static TestDatabase db;

    private final MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();
    private final MyBatisLedgerInspection inspection = new MyBatisLedgerInspection();

    @BeforeAll
    static void migrate() {
        db = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void emptyLedger() {
        db.execute("TRUNCATE processed_events");
    }

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected ProcessedEventLedger ledger() {
        return ledger;
    }

    @Override
    protected LedgerInspection inspection() {
        return inspection;
    }
}
