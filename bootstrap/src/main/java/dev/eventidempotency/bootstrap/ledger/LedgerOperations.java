package dev.eventidempotency.bootstrap.ledger;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.ledger.MyBatisLedgerInspection;
import dev.eventidempotency.adapter.postgres.ledger.MyBatisLedgerMaintenance;
import dev.eventidempotency.adapter.postgres.ledger.PostgresPurgeLock;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.application.ledger.ForgetProcessedEvent;
import dev.eventidempotency.application.ledger.LedgerLookup;
import dev.eventidempotency.application.ledger.PurgeOldLedgerRows;
import dev.eventidempotency.application.ledger.port.in.ForgetEventUseCase;
import dev.eventidempotency.application.ledger.port.in.LedgerQueries;
import dev.eventidempotency.application.ledger.port.in.PurgeLedgerUseCase;
import java.time.Clock;

/** The wiring of the ledger's use cases on a PostgreSQL database, for the commands and for {@code run}. */
public final class LedgerOperations {

    private final PostgresDatabase database;
    private final PostgresSettings settings;

    public LedgerOperations(PostgresDatabase database, PostgresSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    LedgerQueries queries() {
        return new LedgerLookup(database.unitOfWork(), new MyBatisLedgerInspection());
    }

    ForgetEventUseCase forgetting() {
        return new ForgetProcessedEvent(database.unitOfWork(), new MyBatisLedgerInspection(), new MyBatisLedgerMaintenance());
    }

    public PurgeLedgerUseCase purging() {
        return new PurgeOldLedgerRows(database.unitOfWork(), new MyBatisLedgerInspection(), new MyBatisLedgerMaintenance(),
                new MyBatisEmailOutbox(), new PostgresPurgeLock(settings), Clock.systemUTC());
    }
}
