package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;

/**
 * The at-least-once baseline, for the benchmark only: the sample handler's set-based writes (users,
 * counter, welcome e-mails, {@code UserRegistered} events) in one transaction per batch, with no
 * ledger. It shows what the ledger costs, and what it prevents: every redelivered event is written again.
 */
final class NoLedgerProcessor implements ProcessEventBatchUseCase<UserCreated> {

    private final UnitOfWork unitOfWork;
    private final EventHandler<UserCreated> handler;

    NoLedgerProcessor(UnitOfWork unitOfWork, EventHandler<UserCreated> handler) {
        this.unitOfWork = unitOfWork;
        this.handler = handler;
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<UserCreated>> events) {
        try {
            return unitOfWork.inTransaction(transaction -> {
                handler.handleAll(transaction, events);
                return BatchOutcome.completed(events.size(), 0, List.of());
            });
        } catch (RuntimeException failure) {
            return BatchOutcome.failedAtFirst(new EventFailure(failure, FailureKind.UNKNOWN, false));
        }
    }
}
