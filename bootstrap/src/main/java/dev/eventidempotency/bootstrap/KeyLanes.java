package dev.eventidempotency.bootstrap;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The threads of per-event mode's key lanes, {@code KEY_CONCURRENCY} of them: the most units of work in
 * flight at once. Each task runs in the trace context and log context (MDC) of the thread that handed it
 * over, so a lane's unit of work is a child of its batch's span and its log lines carry the trace id.
 */
public final class KeyLanes implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyLanes.class);
    /** A unit of work is bounded by the database's timeouts; a close waits this long for the last ones. */
    private static final Duration DRAIN = Duration.ofSeconds(15);

    private final ExecutorService threads;

    public KeyLanes(int count) {
        AtomicInteger numbers = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(count, task -> {
            Thread thread = new Thread(task, "key-lane-" + numbers.incrementAndGet());
            // The listener decides when to stop; a lane must never keep the JVM alive on its own.
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable task) {
        Context trace = Context.current();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        threads.execute(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try (Scope inTrace = trace.makeCurrent()) {
                task.run();
            } finally {
                MDC.clear();
            }
        });
    }

    /** After the listener stopped, so no batch waits for a lane any more; bounded. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Key lanes still busy after {}; their units of work end with the database connections", DRAIN);
                threads.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
