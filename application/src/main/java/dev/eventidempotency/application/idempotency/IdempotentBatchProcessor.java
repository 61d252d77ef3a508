package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.out.FailureClassifier;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Batch mode: one unit of work claims a whole batch with one set-based statement, hands the events
 * it won to the handler together, and commits once.
 *
 * <p>If the unit of work fails, nothing of the batch was committed, and the batch is split in
 * halves that are tried in order, down to the single event that fails. The events before it are
 * committed in the smaller units of work; it and everything after it are left for redelivery. A
 * batch is never half committed, and never retried as a whole forever. An environment failure (the
 * database is down, read-only, timed out) says nothing about any one event, and splitting would only
 * meet it again and again: the batch fails as a whole, at its first event, to be retried later. A
 * failure pinned on one event is weighed by a {@link TrialRun}: is it the event's own?
 */
public final class IdempotentBatchProcessor<P> implements ProcessEventBatchUseCase<P> {

    private static final Logger LOG = System.getLogger(IdempotentBatchProcessor.class.getName());

    private final ServiceName service;
    private final UnitOfWork unitOfWork;
    private final ProcessedEventLedger ledger;
    private final EventHandler<P> handler;
    private final FailureClassifier failures;
    private final TrialRun<P> trial;

    public IdempotentBatchProcessor(ServiceName service, UnitOfWork unitOfWork, ProcessedEventLedger ledger,
            EventHandler<P> handler, FailureClassifier failures) {
        this.service = Objects.requireNonNull(service, "service");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.trial = new TrialRun<>(service, unitOfWork, ledger, handler);
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<P>> events) {
        return trial.weigh(isolate(events), events);
    }

    private BatchOutcome isolate(List<IncomingEvent<P>> events) {
        if (events.isEmpty()) {
            return BatchOutcome.NOTHING;
        }
        try {
            return inOneUnitOfWork(events);
        } catch (RuntimeException failure) {
            EventFailure classified = new EventFailure(failure, failures.classify(failure), false);
            if (events.size() == 1 || classified.kind() == FailureKind.ENVIRONMENT) {
                return BatchOutcome.failedAtFirst(classified);
            }
            LOG.log(Level.WARNING, "A batch of {0} events failed and was rolled back; splitting it to isolate the failing"
                    + " event: {1}", events.size(), failure.toString());
            // The first event alone, then the rest in halves: a partition retrying after a failure
            // has the failed event first, and so pins it in one step.
            BatchOutcome first = isolate(events.subList(0, 1));
            if (first.failure().isPresent()) {
                return first;
            }
            List<IncomingEvent<P>> rest = events.subList(1, events.size());
            BatchOutcome firstHalf = first.then(isolate(rest.subList(0, rest.size() / 2)));
            if (firstHalf.failure().isPresent()) {
                return firstHalf;
            }
            return firstHalf.then(isolate(rest.subList(rest.size() / 2, rest.size())));
        }
    }

    private BatchOutcome inOneUnitOfWork(List<IncomingEvent<P>> events) {
        List<EventClaim> claims = events.stream().map(event -> event.claimFor(service)).toList();
        return unitOfWork.inTransaction(transaction -> {
            List<ClaimOutcome> answers = ledger.claimAll(transaction, claims);
            Sorted<P> sorted = sort(events, answers);
            if (!sorted.won().isEmpty()) {
                handler.handleAll(transaction, sorted.won());
            }
            return BatchOutcome.completed(sorted.won().size(), sorted.duplicates(), sorted.conflicts());
        });
    }

    /** The events the handler gets, how many were duplicates, and the positions of the conflicts. */
    private record Sorted<P>(List<IncomingEvent<P>> won, int duplicates, List<Integer> conflicts) {
    }

    private static <P> Sorted<P> sort(List<IncomingEvent<P>> events, List<ClaimOutcome> answers) {
        List<IncomingEvent<P>> won = new ArrayList<>();
        List<Integer> conflicts = new ArrayList<>();
        int duplicates = 0;
        for (int position = 0; position < events.size(); position++) {
            IncomingEvent<P> event = events.get(position);
            switch (answers.get(position)) {
                case CLAIMED -> won.add(event);
                case ALREADY_PROCESSED -> {
                    duplicates++;
                    LOG.log(Level.DEBUG, "Event {0} already processed, skipping", event.id().value());
                }
                case PAYLOAD_CONFLICT -> {
                    conflicts.add(position);
                    PayloadConflicts.log(event);
                }
            }
        }
        return new Sorted<>(won, duplicates, conflicts);
    }
}
