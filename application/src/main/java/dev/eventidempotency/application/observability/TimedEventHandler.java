package dev.eventidempotency.application.observability;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Duration;
import java.util.List;

/**
 * Measures the business handler alone, inside the unit of work, so that a slow handler can be told
 * apart from a slow claim or commit. It runs where the handler runs, in the caller's transaction.
 */
public final class TimedEventHandler<P> implements EventHandler<P> {

    private final EventHandler<P> handler;
    private final LatencyHistogram durations;

    public TimedEventHandler(EventHandler<P> handler, LatencyHistogram durations) {
        this.handler = handler;
        this.durations = durations;
    }

    @Override
    public void handle(Transaction transaction, IncomingEvent<P> event) {
        handleAll(transaction, List.of(event));
    }

    @Override
    public void handleAll(Transaction transaction, List<IncomingEvent<P>> events) {
        long started = System.nanoTime();
        try {
            handler.handleAll(transaction, events);
        } finally {
            durations.record(Duration.ofNanos(System.nanoTime() - started), 1);
        }
    }
}
