package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.domain.user.User;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;

/**
 * The at-least-once baseline, for the benchmark only: the sample handler's set-based writes (users,
 * counter, welcome e-mails) in one transaction per batch, with no ledger. It shows what the ledger costs, and what it prevents:
 * every redelivered event is written again.
 */
final class NoLedgerProcessor implements ProcessEventBatchUseCase<UserCreated> {

    private final UnitOfWork unitOfWork;
    private final UserRepository users;
    private final RegistrationCounter registrations;
    private final EmailOutbox outbox;
    private final WelcomeEmails welcomeEmails;

    NoLedgerProcessor(UnitOfWork unitOfWork, UserRepository users, RegistrationCounter registrations, EmailOutbox outbox,
            WelcomeEmails welcomeEmails) {
        this.unitOfWork = unitOfWork;
        this.users = users;
        this.registrations = registrations;
        this.outbox = outbox;
        this.welcomeEmails = welcomeEmails;
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<UserCreated>> events) {
        try {
            return unitOfWork.inTransaction(transaction -> {
                users.addAll(transaction,
                        events.stream().map(event -> User.registeredBy(event.payload(), event.occurredAt())).toList());
                registrations.add(transaction, events.size());
                outbox.enqueue(transaction, events.stream().map(welcomeEmails::welcome).toList());
                return BatchOutcome.completed(events.size(), 0, List.of());
            });
        } catch (RuntimeException failure) {
            return BatchOutcome.failedAtFirst(new EventFailure(failure, FailureKind.UNKNOWN, false));
        }
    }
}
