package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.out.FailureClassifier;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-event mode: one unit of work per event, stopping at the first that fails. Slower than batch
 * mode (a transaction and a commit for every event) but its failures never cost a retry of others.
 */
public final class PerEventProcessor<P> implements ProcessEventBatchUseCase<P> {

    private final ProcessEventUseCase<P> single;
    private final FailureClassifier failures;
    private final TrialRun<P> trial;

    public PerEventProcessor(ProcessEventUseCase<P> single, FailureClassifier failures, TrialRun<P> trial) {
        this.single = Objects.requireNonNull(single, "single");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.trial = Objects.requireNonNull(trial, "trial");
    }

    /** Claim first, one event per unit of work: the usual per-event mode. */
    public static <P> PerEventProcessor<P> claimingFirst(ServiceName service, UnitOfWork unitOfWork,
            ProcessedEventLedger ledger, EventHandler<P> handler, FailureClassifier failures) {
        return new PerEventProcessor<>(new IdempotentEventProcessor<>(service, unitOfWork, ledger, handler), failures,
                new TrialRun<>(service, unitOfWork, ledger, handler));
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<P>> events) {
        int processed = 0;
        int skipped = 0;
        List<Integer> conflicts = new ArrayList<>();
        for (int position = 0; position < events.size(); position++) {
            try {
                switch (single.process(events.get(position))) {
                    case PROCESSED -> processed++;
                    case SKIPPED_DUPLICATE -> skipped++;
                    case PAYLOAD_CONFLICT -> conflicts.add(position);
                }
            } catch (RuntimeException failure) {
                return trial.weigh(new BatchOutcome(processed, skipped, conflicts,
                        Optional.of(new EventFailure(failure, failures.classify(failure), false))), events);
            }
        }
        return BatchOutcome.completed(processed, skipped, conflicts);
    }
}
