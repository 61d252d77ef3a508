package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Objects;

/**
 * Claim first, then act: the claim and the handler's effects share one transaction.
 *
 * <p>Unlike check-then-act (SELECT, work, INSERT), the claim is the first write, so a duplicate is
 * found before any business work is done, a concurrent duplicate waits on the unique key instead
 * of racing, and no exception is needed to tell a duplicate apart.
 */
public final class IdempotentEventProcessor<P> implements ProcessEventUseCase<P> {

    private static final Logger LOG = System.getLogger(IdempotentEventProcessor.class.getName());

    private final ServiceName service;
    private final UnitOfWork unitOfWork;
    private final ProcessedEventLedger ledger;
    private final EventHandler<P> handler;

    public IdempotentEventProcessor(
            ServiceName service, UnitOfWork unitOfWork, ProcessedEventLedger ledger, EventHandler<P> handler) {
        this.service = Objects.requireNonNull(service, "service");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public ProcessingOutcome process(IncomingEvent<P> event) {
        EventClaim claim = event.claimFor(service);
        ProcessingOutcome outcome = unitOfWork.inTransaction(transaction -> switch (ledger.claim(transaction, claim)) {
            case CLAIMED -> {
                handler.handle(transaction, event);
                yield ProcessingOutcome.PROCESSED;
            }
            case ALREADY_PROCESSED -> ProcessingOutcome.SKIPPED_DUPLICATE;
            case PAYLOAD_CONFLICT -> ProcessingOutcome.PAYLOAD_CONFLICT;
        });
        switch (outcome) {
            case SKIPPED_DUPLICATE -> LOG.log(Level.DEBUG, "Event {0} already processed, skipping", event.id().value());
            case PAYLOAD_CONFLICT -> PayloadConflicts.log(event);
            case PROCESSED -> { }
        }
        return outcome;
    }
}
