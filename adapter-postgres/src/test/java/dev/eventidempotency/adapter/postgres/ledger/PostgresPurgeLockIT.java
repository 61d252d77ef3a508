package dev.eventidempotency.adapter.postgres.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.ledger.PurgeOldLedgerRows;
import dev.eventidempotency.application.ledger.port.in.PurgeReport;
import dev.eventidempotency.application.ledger.port.out.PurgeLock;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One purge at a time per ledger, across connections and processes; ledgers in other schemas are independent. */
class PostgresPurgeLockIT {

    @Test
    void whileOnePurgerHoldsTheLockASecondOneSkipsAndDeletesNothing() {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            db.execute("""
                    INSERT INTO processed_events (event_id, service_name, topic, processed_at)
                    SELECT 'old-' || g, 'user-service', 'user-events', now() - interval '40 days'
                    FROM generate_series(1, 50) AS g""");
            PurgeLock first = lockOf(db);
            PurgeOldLedgerRows second = purger(db);

            try (PurgeLock.Held held = first.tryAcquire().orElseThrow()) {
                assertThat(lockOf(db).tryAcquire()).as("the lock itself, from another connection").isEmpty();
                PurgeReport skipped = second.purge(Duration.ofDays(30), 10, false);
                assertThat(skipped.skipped()).isTrue();
                assertThat(skipped.rows()).isZero();
                assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(50);
            }

            PurgeReport done = second.purge(Duration.ofDays(30), 10, false);
            assertThat(done.skipped()).isFalse();
            assertThat(done.rows()).isEqualTo(50);
            assertThat(done.sentEmails()).isZero();
            assertThat(done.batches())
                    .as("five full batches, an empty one that ends the ledger's purge, one that finds no sent e-mail")
                    .isEqualTo(7);
            assertThat(db.count("SELECT count(*) FROM processed_events")).isZero();
        }
    }

    @Test
    void theLockIsPerLedgerSoAnotherSchemasPurgeGoesOn() {
        try (TestDatabase one = TestPostgres.freshDatabase(); TestDatabase other = TestPostgres.freshDatabase()) {
            try (PurgeLock.Held held = lockOf(one).tryAcquire().orElseThrow()) {
                Optional<PurgeLock.Held> otherLedger = lockOf(other).tryAcquire();
                assertThat(otherLedger).isPresent();
                otherLedger.get().close();
            }
        }
    }

    private static PurgeLock lockOf(TestDatabase db) {
        return new PostgresPurgeLock(TestPostgres.server().withSchema(db.schema()));
    }

    private static PurgeOldLedgerRows purger(TestDatabase db) {
        return new PurgeOldLedgerRows(db.database().unitOfWork(), new MyBatisLedgerInspection(),
                new MyBatisLedgerMaintenance(), new MyBatisEmailOutbox(), lockOf(db), Clock.systemUTC());
    }
}
