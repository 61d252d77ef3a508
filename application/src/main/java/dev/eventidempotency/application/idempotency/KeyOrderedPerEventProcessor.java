package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.application.idempotency.port.out.FailureClassifier;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-event mode with key-ordered concurrency: one unit of work per event, as {@link PerEventProcessor}
 * does, but events of different ordering keys run at once on the {@code lanes} (an executor whose threads
 * bound the transactions in flight). An event starts only after the event before it of its key; an event
 * without a key starts after every event before it, and every event after it starts after it.
 *
 * <p>The outcome covers the contiguous finished prefix in offset order. Once an event fails, no event
 * after it starts any more (those of its key could overtake it); events after it that committed in other
 * lanes meanwhile are received again and skipped by the ledger. The failure is weighed by the
 * {@link TrialRun} as in per-event mode.
 */
public final class KeyOrderedPerEventProcessor<P> implements ProcessEventBatchUseCase<P> {

    private final ProcessEventUseCase<P> single;
    private final FailureClassifier failures;
    private final TrialRun<P> trial;
    private final Executor lanes;
    private final Duration longestWait;

    /** {@code longestWait}: for all events of one batch; what is unfinished then counts as an environment failure. */
    public KeyOrderedPerEventProcessor(ProcessEventUseCase<P> single, FailureClassifier failures, TrialRun<P> trial,
            Executor lanes, Duration longestWait) {
        this.single = Objects.requireNonNull(single, "single");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.trial = Objects.requireNonNull(trial, "trial");
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.longestWait = Objects.requireNonNull(longestWait, "longestWait");
    }

    /** Claim first, one event per unit of work, as {@link PerEventProcessor#claimingFirst} but in lanes by key. */
    public static <P> KeyOrderedPerEventProcessor<P> claimingFirst(ServiceName service, UnitOfWork unitOfWork,
            ProcessedEventLedger ledger, EventHandler<P> handler, FailureClassifier failures, Executor lanes,
            Duration longestWait) {
        return new KeyOrderedPerEventProcessor<>(new IdempotentEventProcessor<>(service, unitOfWork, ledger, handler),
                failures, new TrialRun<>(service, unitOfWork, ledger, handler), lanes, longestWait);
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<P>> events) {
        Batch batch = new Batch(events.size());
        List<CompletableFuture<Void>> all = new ArrayList<>(events.size());
        Map<String, CompletableFuture<Void>> lastOfKey = new HashMap<>();
        List<CompletableFuture<Void>> sinceBarrier = new ArrayList<>();
        CompletableFuture<Void> barrier = CompletableFuture.completedFuture(null);
        for (int position = 0; position < events.size(); position++) {
            IncomingEvent<P> event = events.get(position);
            Optional<String> key = event.orderingKey();
            CompletableFuture<Void> after;
            if (key.isPresent()) {
                // The previous event of the key, if any since the last keyless event, already waits for that one.
                after = lastOfKey.getOrDefault(key.get(), barrier);
            } else {
                sinceBarrier.add(barrier);
                after = CompletableFuture.allOf(sinceBarrier.toArray(CompletableFuture[]::new));
            }
            int at = position;
            // A predecessor that failed or never started completes exceptionally: this event then never starts.
            CompletableFuture<Void> done = after.thenRunAsync(() -> run(batch, at, event), lanes);
            all.add(done);
            if (key.isPresent()) {
                lastOfKey.put(key.get(), done);
                sinceBarrier.add(done);
            } else {
                barrier = done;
                sinceBarrier.clear();
                lastOfKey.clear();
            }
        }
        awaitAll(all, batch);
        return batch.outcome(events);
    }

    private void run(Batch batch, int position, IncomingEvent<P> event) {
        if (!batch.mayStart(position)) {
            throw new NotStarted();
        }
        try {
            batch.finished(position, single.process(event));
        } catch (RuntimeException failure) {
            batch.failed(position, failure);
            throw failure;
        }
    }

    /** Bounded: what has not finished by then is left unstarted or, if in flight, to the ledger on redelivery. */
    private void awaitAll(List<CompletableFuture<Void>> all, Batch batch) {
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(longestWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException someFailed) {
            // Each failure is recorded at its position; the outcome reads them in order.
        } catch (TimeoutException tooSlow) {
            batch.stopStarting();
        } catch (InterruptedException interrupted) {
            batch.stopStarting();
            Thread.currentThread().interrupt();
        }
    }

    /** What the lanes did with one batch, position by position; written by the lanes, read after the wait. */
    private final class Batch {

        private final ProcessingOutcome[] outcomes;
        private final RuntimeException[] failed;
        /** No event after this position starts: it failed, or the wait for the batch is over. */
        private final AtomicInteger lastToStart;

        Batch(int size) {
            outcomes = new ProcessingOutcome[size];
            failed = new RuntimeException[size];
            lastToStart = new AtomicInteger(size);
        }

        boolean mayStart(int position) {
            return position <= lastToStart.get();
        }

        synchronized void finished(int position, ProcessingOutcome outcome) {
            outcomes[position] = outcome;
        }

        void failed(int position, RuntimeException failure) {
            synchronized (this) {
                failed[position] = failure;
            }
            lastToStart.accumulateAndGet(position, Math::min);
        }

        void stopStarting() {
            lastToStart.set(-1);
        }

        synchronized BatchOutcome outcome(List<IncomingEvent<P>> events) {
            int processed = 0;
            int skipped = 0;
            List<Integer> conflicts = new ArrayList<>();
            for (int position = 0; position < outcomes.length; position++) {
                if (outcomes[position] == null) {
                    EventFailure failure = failed[position] != null
                            ? new EventFailure(failed[position], failures.classify(failed[position]), false)
                            : new EventFailure(new IllegalStateException("not finished within " + longestWait.toMillis()
                                    + " ms: the database is too slow or the lanes are closing"), FailureKind.ENVIRONMENT, false);
                    return trial.weigh(new BatchOutcome(processed, skipped, conflicts, Optional.of(failure)), events);
                }
                switch (outcomes[position]) {
                    case PROCESSED -> processed++;
                    case SKIPPED_DUPLICATE -> skipped++;
                    case PAYLOAD_CONFLICT -> conflicts.add(position);
                }
            }
            return BatchOutcome.completed(processed, skipped, conflicts);
        }
    }

    /** Marks an event that never started, so the events that wait for it never start either; no stack. */
    private static final class NotStarted extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotStarted() {
            super("not started: an event before it failed, or the wait for the batch is over", null, false, false);
        }
    }
}
