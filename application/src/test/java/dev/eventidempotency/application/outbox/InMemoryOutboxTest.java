package dev.eventidempotency.application.outbox;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkContract;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.outbox.port.out.EmailOutboxContract;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The fake the relay's tests run on keeps the promises of the ports it stands in for. */
class InMemoryOutboxTest {

    @Nested
    class AsTheOutbox extends EmailOutboxContract {

        private final InMemoryOutbox outbox = new InMemoryOutbox();

        @Override
        protected UnitOfWork unitOfWork() {
            return outbox;
        }

        @Override
        protected EmailOutbox emailOutbox() {
            return outbox;
        }

        @Override
        protected PendingEmails pendingEmails() {
            return outbox;
        }
    }

    @Nested
    class AsTheUnitOfWork extends UnitOfWorkContract {

        private final InMemoryOutbox outbox = new InMemoryOutbox();

        @Override
        protected UnitOfWork unitOfWork() {
            return outbox;
        }

        @Override
        protected void write(Transaction transaction, String effect) {
            outbox.enqueue(transaction, List.of(EmailOutboxContract.email(effect)));
        }

        @Override
        protected boolean kept(String effect) {
            return outbox.row(EmailOutboxContract.email(effect).id()) != null;
        }
    }
}
