package dev.eventidempotency.adapter.kafka;

import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.MDC;

/**
 * Runs the partitions of one poll at once, on up to {@code concurrency} threads, so that while one
 * partition's transaction waits for its commit the others work; one thread runs them one after another.
 * It waits for every partition before it hands back their reports, in partition order, so the poll
 * thread never touches the consumer while work is in flight: a revocation, a stop or the next poll find
 * none. That wait is bounded as each unit of work is (the database's statement, lock and pool timeouts).
 * The poll thread's tracing context and logging context go with each partition to its worker.
 */
final class PartitionWorkers implements AutoCloseable {

    private final ExecutorService threads;

    PartitionWorkers(int concurrency, String name) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("partition concurrency must be at least 1, was " + concurrency);
        }
        AtomicInteger created = new AtomicInteger();
        this.threads = concurrency == 1 ? null : Executors.newFixedThreadPool(concurrency, work -> {
            Thread thread = new Thread(work, name + "-partition-work-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The reports of {@code work} on each partition, in the order of {@code partitions}. */
    List<PartitionReport> runAll(Collection<TopicPartition> partitions, Function<TopicPartition, PartitionReport> work) {
        if (threads == null || partitions.size() < 2) {
            return partitions.stream().map(work).toList();
        }
        Map<String, String> logging = MDC.getCopyOfContextMap();
        Context tracing = Context.current();
        List<Future<PartitionReport>> running = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            running.add(threads.submit(tracing.wrap(() -> {
                if (logging != null) {
                    MDC.setContextMap(logging);
                }
                try {
                    return work.apply(partition);
                } finally {
                    MDC.clear();
                }
            })));
        }
        return awaitAll(running);
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdown();
        }
    }

    /** Waits for every partition, even when interrupted or when one failed, and only then hands back or throws. */
    private static List<PartitionReport> awaitAll(List<Future<PartitionReport>> running) {
        List<PartitionReport> reports = new ArrayList<>();
        Throwable failed = null;
        boolean interrupted = false;
        for (Future<PartitionReport> partition : running) {
            while (true) {
                try {
                    reports.add(partition.get());
                    break;
                } catch (InterruptedException keptForLater) {
                    // Leaving now would let the consumer be used while a worker still works.
                    interrupted = true;
                } catch (ExecutionException unexpected) {
                    failed = failed != null ? failed : unexpected.getCause();
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
        }
        return reports;
    }
}
