package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.application.ledger.port.out.LedgerInspectionContract;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger's lookups on PostgreSQL keep the port's contract. */
class MyBatisLedgerInspectionIT extends LedgerInspectionContract {

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private final MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();
    private final MyBatisLedgerInspection inspection = new MyBatisLedgerInspection();

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
