package dev.eventidempotency.adapter.postgres.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenanceContract;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Removals from the ledger on PostgreSQL: the port's contract, and the record of who forgot what, which no port reads. */
class MyBatisLedgerMaintenanceIT extends LedgerMaintenanceContract {

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private final MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();
    private final MyBatisLedgerInspection inspection = new MyBatisLedgerInspection();
    private final MyBatisLedgerMaintenance maintenance = new MyBatisLedgerMaintenance();

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

    @Override
    protected LedgerMaintenance maintenance() {
        return maintenance;
    }

    @Test
    void aForgottenRowIsRecordedWithWhoForgotItAndWhy() {
        LedgerEntry removed = new LedgerEntry(42, "evt-1", "user-service", "user-events",
                Instant.parse("2026-11-28T09:00:00Z"));

        unitOfWork().inTransaction(transaction -> {
            maintenance.recordForgotten(transaction, removed, "ops@example.org", "ticket 7");
            return null;
        });

        assertThat(db.query("SELECT ledger_id || ' ' || event_id || ' ' || service_name || ' ' || topic || ' '"
                + " || (processed_at AT TIME ZONE 'UTC') || ' ' || forgotten_by || ' ' || reason FROM forgotten_events"))
                .containsExactly("42 evt-1 user-service user-events 2026-11-28 09:00:00 ops@example.org ticket 7");
    }
}
