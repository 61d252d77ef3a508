package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-event mode: one unit of work per event, stopping at the first that fails. Slower than batch
 * mode (a transaction and a commit for every event) but its failures never cost a retry of others.
 */
public final class PerEventProcessor<P> implements ProcessEventBatchUseCase<P> {

    private final ProcessEventUseCase<P> single;

    public PerEventProcessor(ProcessEventUseCase<P> single) {
        this.single = Objects.requireNonNull(single, "single");
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<P>> events) {
        int processed = 0;
        int skipped = 0;
        for (IncomingEvent<P> event : events) {
            try {
                switch (single.process(event)) {
                    case PROCESSED -> processed++;
                    case SKIPPED_DUPLICATE -> skipped++;
                }
            } catch (RuntimeException failure) {
                return new BatchOutcome(processed, skipped, Optional.of(failure));
            }
        }
        return new BatchOutcome(processed, skipped, Optional.empty());
    }
}
