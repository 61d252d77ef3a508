package dev.eventidempotency.adapter.kafka;

import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.MDC;

/**
 * The partitions at work: each runs one batch at a time, up to {@code concurrency} at once, while the poll
 * thread goes on polling, holding the next records and committing what finished (ADR 0024). The work never
 * touches the consumer; its {@link PartitionReport} comes back to the poll thread through {@link #finished}.
 *
 * <p>A partition that goes is waited for within a bound ({@link #await}) or at once abandoned ({@link #forget}):
 * an abandoned batch's report is dropped when it arrives, and its records are received again by the partition's
 * next owner, whose ledger skips what this batch committed. The poll thread's tracing and logging context go
 * with each batch to its worker. Used by the poll thread only; the workers only run and signal.
 */
final class PartitionsInFlight implements AutoCloseable {

    private final ExecutorService threads;
    private final Map<TopicPartition, Batch> running = new HashMap<>();
    /** One signal per finished batch, so the poll thread can sleep until one finishes. */
    private final BlockingQueue<Batch> signals = new LinkedBlockingQueue<>();

    PartitionsInFlight(int concurrency, String name) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("partition concurrency must be at least 1, was " + concurrency);
        }
        AtomicInteger created = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(concurrency, work -> {
            Thread thread = new Thread(work, name + "-partition-work-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the partition's batch; the partition must not be at work already. */
    void start(TopicPartition partition, Supplier<PartitionReport> work) {
        if (running.containsKey(partition)) {
            throw new IllegalStateException(partition + " is at work already");
        }
        Batch batch = new Batch(System.nanoTime());
        running.put(partition, batch);
        Map<String, String> logging = MDC.getCopyOfContextMap();
        threads.execute(Context.current().wrap(() -> {
            if (logging != null) {
                MDC.setContextMap(logging);
            }
            try {
                batch.report = work.get();
            } catch (Throwable unexpected) {
                batch.failure = unexpected;
            } finally {
                MDC.clear();
                batch.done.countDown();
                signals.add(batch);
            }
        }));
    }

    Set<TopicPartition> partitions() {
        return Collections.unmodifiableSet(running.keySet());
    }

    boolean isEmpty() {
        return running.isEmpty();
    }

    /** When the oldest batch at work was started, or {@code nowNanos} when none is at work. */
    long oldestStartedAtNanos(long nowNanos) {
        return running.values().stream().mapToLong(batch -> batch.startedAtNanos).reduce(nowNanos, Math::min);
    }

    /**
     * The reports of the batches finished since the last call; when none has, it waits up to {@code wait}
     * for one. A batch that failed unexpectedly (a bug, not a failed unit of work) is thrown here.
     */
    List<PartitionReport> finished(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        // A signal may be an abandoned batch's: only a batch of this map being done ends the wait.
        while (!running.isEmpty() && running.values().stream().noneMatch(Batch::isDone)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                signals.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException stopWaiting) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Cleared before the scan: a batch finishing after the scan leaves its signal for the next wait.
        signals.clear();
        List<Batch> done = new ArrayList<>();
        for (Iterator<Batch> batches = running.values().iterator(); batches.hasNext(); ) {
            Batch batch = batches.next();
            if (batch.isDone()) {
                done.add(batch);
                batches.remove();
            }
        }
        return reportsOf(done);
    }

    /**
     * Waits up to {@code timeout} in all for the batches of {@code partitions}, and returns the reports of those
     * that finished; the others are abandoned. Interrupted, it waits no more.
     */
    List<PartitionReport> await(Collection<TopicPartition> partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Batch> done = new ArrayList<>();
        for (TopicPartition partition : List.copyOf(partitions)) {
            Batch batch = running.remove(partition);
            if (batch != null && batch.awaitUntil(deadline)) {
                done.add(batch);
            }
        }
        return reportsOf(done);
    }

    /** The partition went: its batch, if any, is abandoned. */
    void forget(TopicPartition partition) {
        running.remove(partition);
    }

    @Override
    public void close() {
        threads.shutdown();
    }

    private static List<PartitionReport> reportsOf(List<Batch> done) {
        for (Batch batch : done) {
            if (batch.failure instanceof Error error) {
                throw error;
            }
            if (batch.failure != null) {
                throw batch.failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(batch.failure);
            }
        }
        return done.stream().map(batch -> batch.report).toList();
    }

    /** One partition's batch at work: written by its worker before {@code done} counts down, read after. */
    private static final class Batch {
        private final long startedAtNanos;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile PartitionReport report;
        private volatile Throwable failure;

        Batch(long startedAtNanos) {
            this.startedAtNanos = startedAtNanos;
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        boolean awaitUntil(long deadlineNanos) {
            try {
                return done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException stopWaiting) {
                Thread.currentThread().interrupt();
                return isDone();
            }
        }
    }
}
