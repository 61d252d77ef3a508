package dev.eventidempotency.adapter.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The failures of the record each resting partition waits at: how many tries it took, how many
 * counted against it, and whether events went through elsewhere since its first failure (evidence
 * that the failure is the record's own). Forgotten when the record is finished or the partition goes.
 * Partitions worked on at once share it, so each method holds its lock.
 */
final class FailedAttempts {

    private final Map<TopicPartition, Attempts> byPartition = new HashMap<>();
    private long succeededEvents;

    private static final class Attempts {
        final long succeededAtFirstFailure;
        int tries;
        int counted;

        Attempts(long succeededAtFirstFailure) {
            this.succeededAtFirstFailure = succeededAtFirstFailure;
        }
    }

    /** Events completed anywhere: the yardstick for {@link #othersSucceededSinceFirstFailure}. */
    synchronized void succeeded(long events) {
        succeededEvents += events;
    }

    /** Records one more try of the partition's failed record; returns its number, 1 for the first failure. */
    synchronized int tried(TopicPartition partition) {
        return ++attempts(partition).tries;
    }

    synchronized void count(TopicPartition partition) {
        attempts(partition).counted++;
    }

    synchronized int counted(TopicPartition partition) {
        Attempts attempts = byPartition.get(partition);
        return attempts == null ? 0 : attempts.counted;
    }

    synchronized boolean failedBefore(TopicPartition partition) {
        return byPartition.containsKey(partition);
    }

    synchronized boolean othersSucceededSinceFirstFailure(TopicPartition partition) {
        Attempts attempts = byPartition.get(partition);
        return attempts != null && succeededEvents > attempts.succeededAtFirstFailure;
    }

    synchronized void forget(TopicPartition partition) {
        byPartition.remove(partition);
    }

    private Attempts attempts(TopicPartition partition) {
        return byPartition.computeIfAbsent(partition, first -> new Attempts(succeededEvents));
    }
}
