package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.List;
import java.util.Objects;

/**
 * Finds out whether a failure is the event's own: tries the events after it, each in a unit of
 * work that is always rolled back. If one goes through, the database and the handler work, and the
 * failed event is the problem. Nothing of a trial is kept; the events are processed for real in
 * their turn.
 */
public final class TrialRun<P> {

    /** Enough to see past another bad event; few enough to stay cheap while a database is failing. */
    static final int MAX_TRIED = 5;

    private final ServiceName service;
    private final UnitOfWork unitOfWork;
    private final ProcessedEventLedger ledger;
    private final EventHandler<P> handler;

    public TrialRun(ServiceName service, UnitOfWork unitOfWork, ProcessedEventLedger ledger, EventHandler<P> handler) {
        this.service = Objects.requireNonNull(service, "service");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The outcome with its failure marked as the event's own when events before it completed or an
     * event after it goes through in a trial. An environment failure is left as it is: it is never
     * the event's.
     */
    BatchOutcome weigh(BatchOutcome outcome, List<IncomingEvent<P>> events) {
        EventFailure failure = outcome.failure().orElse(null);
        if (failure == null || failure.kind() == FailureKind.ENVIRONMENT || failure.othersSucceeded()) {
            return outcome;
        }
        int failed = outcome.completed();
        boolean eventsOwn = failed > 0 || anySucceeds(events.subList(failed + 1, events.size()));
        return eventsOwn ? outcome.withFailureProvenEventsOwn() : outcome;
    }

    private boolean anySucceeds(List<IncomingEvent<P>> events) {
        for (IncomingEvent<P> event : events.subList(0, Math.min(MAX_TRIED, events.size()))) {
            try {
                unitOfWork.inTransaction(transaction -> {
                    if (ledger.claim(transaction, event.claimFor(service)) == ClaimOutcome.CLAIMED) {
                        handler.handle(transaction, event);
                    }
                    throw new TrialSucceeded();
                });
            } catch (TrialSucceeded succeeded) {
                return true;
            } catch (RuntimeException failed) {
                // This one fails too: perhaps another bad event, perhaps the environment. Try the next.
            }
        }
        return false;
    }

    /** Thrown to roll the trial back; it carries no stack, as it is expected. */
    private static final class TrialSucceeded extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TrialSucceeded() {
            super("trial succeeded; rolled back on purpose", null, false, false);
        }
    }
}
