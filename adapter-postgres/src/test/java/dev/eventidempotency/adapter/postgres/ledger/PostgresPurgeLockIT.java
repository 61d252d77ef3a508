package dev.eventidempotency.adapter.postgres.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.ledger.PurgeOldLedgerRows;
import dev.eventidempotency.application.ledger.port.in.PurgeReport;
import dev.eventidempotency.application.ledger.port.out.PurgeLock;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One purge at a time per service's rows of a ledger, across connections and processes; other services'
 * purges and ledgers in other schemas are independent; a purge of every service excludes them all.
 */
class PostgresPurgeLockIT {

    private static final Optional<ServiceName> USER_SERVICE = Optional.of(new ServiceName("user-service"));
    private static final Optional<ServiceName> AUDIT_SERVICE = Optional.of(new ServiceName("audit-service"));
    private static final Optional<ServiceName> EVERY_SERVICE = Optional.empty();

    @Test
    void whileOnePurgerHoldsTheLockASecondOneSkipsAndDeletesNothing() {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            db.execute("""
                    INSERT INTO processed_events (event_id, service_name, topic, processed_at)
                    SELECT 'old-' || g, 'user-service', 'user-events', now() - interval '40 days'
                    FROM generate_series(1, 50) AS g""");
            PurgeLock first = lockOf(db);
            PurgeOldLedgerRows second = purger(db);

            try (PurgeLock.Held held = first.tryAcquire(USER_SERVICE).orElseThrow()) {
                assertThat(lockOf(db).tryAcquire(USER_SERVICE)).as("the lock itself, from another connection").isEmpty();
                PurgeReport skipped = second.purge(USER_SERVICE, Duration.ofDays(30), 10, false);
                assertThat(skipped.skipped()).isTrue();
                assertThat(skipped.rows()).isZero();
                assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(50);
            }

            PurgeReport done = second.purge(USER_SERVICE, Duration.ofDays(30), 10, false);
            assertThat(done.skipped()).isFalse();
            assertThat(done.rows()).isEqualTo(50);
            assertThat(done.sentMessages()).isZero();
            assertThat(done.batches())
                    .as("five full batches, an empty one that ends the ledger's purge, one per outbox that finds nothing sent")
                    .isEqualTo(8);
            assertThat(db.count("SELECT count(*) FROM processed_events")).isZero();
        }
    }

    @Test
    void twoServicesPurgeSideBySideAndAPurgeOfEveryServiceExcludesThemAndIsExcludedByThem() {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            try (PurgeLock.Held user = lockOf(db).tryAcquire(USER_SERVICE).orElseThrow()) {
                Optional<PurgeLock.Held> audit = lockOf(db).tryAcquire(AUDIT_SERVICE);
                assertThat(audit).as("another service's purge").isPresent();
                audit.get().close();
                assertThat(lockOf(db).tryAcquire(EVERY_SERVICE)).as("a purge of every service").isEmpty();
            }
            try (PurgeLock.Held every = lockOf(db).tryAcquire(EVERY_SERVICE).orElseThrow()) {
                assertThat(lockOf(db).tryAcquire(USER_SERVICE)).isEmpty();
                assertThat(lockOf(db).tryAcquire(AUDIT_SERVICE)).isEmpty();
            }
            Optional<PurgeLock.Held> released = lockOf(db).tryAcquire(USER_SERVICE);
            assertThat(released).as("a refused attempt keeps neither of its two locks").isPresent();
            released.get().close();
        }
    }

    @Test
    void theLockIsPerLedgerSoAnotherSchemasPurgeGoesOn() {
        try (TestDatabase one = TestPostgres.freshDatabase(); TestDatabase other = TestPostgres.freshDatabase()) {
            try (PurgeLock.Held held = lockOf(one).tryAcquire(EVERY_SERVICE).orElseThrow()) {
                Optional<PurgeLock.Held> otherLedger = lockOf(other).tryAcquire(EVERY_SERVICE);
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
                new MyBatisLedgerMaintenance(), List.of(new MyBatisEmailOutbox(), new MyBatisEventOutbox()), lockOf(db),
                Clock.systemUTC());
    }
}
