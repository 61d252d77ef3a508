package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.out.ProcessedEventLedgerContract;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkContract;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import org.junit.jupiter.api.Nested;

/** The fake the use cases' tests run on keeps the promises of the two ports it stands in for. */
class InMemoryLedgerAndUnitOfWorkTest {

    @Nested
    class AsTheLedger extends ProcessedEventLedgerContract {

        private final InMemoryLedgerAndUnitOfWork database = new InMemoryLedgerAndUnitOfWork();

        @Override
        protected UnitOfWork unitOfWork() {
            return database;
        }

        @Override
        protected ProcessedEventLedger ledger() {
            return database;
        }
    }

    @Nested
    class AsTheUnitOfWork extends UnitOfWorkContract {

        private final InMemoryLedgerAndUnitOfWork database = new InMemoryLedgerAndUnitOfWork();

        @Override
        protected UnitOfWork unitOfWork() {
            return database;
        }

        @Override
        protected void write(Transaction transaction, String effect) {
            database.claim(transaction, claimOf(effect));
        }

        @Override
        protected boolean kept(String effect) {
            return database.holds(claimOf(effect));
        }

        private static EventClaim claimOf(String effect) {
            return new EventClaim(new EventId(effect), new ServiceName("user-service"), new TopicName("user-events"),
                    PayloadFingerprint.of(effect));
        }
    }
}
