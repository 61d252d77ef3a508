package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.observability.LatencyHistogram;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** What the listener has done since it started; read by reports and tests while it runs. */
public final class ListenerStatistics {

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong firstDeliveredAtNanos = new AtomicLong();
    private final AtomicLong lastCommittedAtNanos = new AtomicLong();
    private final LatencyHistogram deliveryToCommit = new LatencyHistogram();
    private final LatencyHistogram batchDuration = new LatencyHistogram();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicBoolean joinedGroup = new AtomicBoolean();
    private final AtomicLong environmentFailures = new AtomicLong();
    private final AtomicBoolean waitingForEnvironment = new AtomicBoolean();
    private final AtomicLong readAgainForDatabase = new AtomicLong();
    private final AtomicLong gathered = new AtomicLong();
    // Counted from the listener's creation: the loop has not come round yet while the service starts.
    private final AtomicLong loopCameRoundAtNanos = new AtomicLong(System.nanoTime());
    private final Map<String, Long> lagByPartition = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetteredByReason = new ConcurrentHashMap<>();

    void recordDelivered() {
        firstDeliveredAtNanos.compareAndSet(0, System.nanoTime());
        delivered.incrementAndGet();
    }

    /** {@code records} became committed offsets; each had waited {@code sincePoll} since its poll returned. */
    void recordCommitted(long records, Duration sincePoll) {
        committed.addAndGet(records);
        deliveryToCommit.record(sincePoll, records);
        lastCommittedAtNanos.set(System.nanoTime());
    }

    void record(BatchOutcome outcome, Duration took) {
        processed.addAndGet(outcome.processed());
        duplicatesSkipped.addAndGet(outcome.skippedDuplicates());
        batches.incrementAndGet();
        batchDuration.record(took, 1);
    }

    /** {@code progressNanos}: now, or when the oldest batch still at work was taken, if that is earlier. */
    void recordLoopCameRound(long progressNanos) {
        loopCameRoundAtNanos.set(progressNanos);
    }

    void recordMembership(boolean joined) {
        joinedGroup.set(joined);
    }

    void recordLag(String partition, long records) {
        lagByPartition.put(partition, records);
    }

    void forgetLag(String partition) {
        lagByPartition.remove(partition);
    }

    void recordDeadLettered(String reasonCode) {
        deadLettered.incrementAndGet();
        deadLetteredByReason.computeIfAbsent(reasonCode, code -> new AtomicLong()).incrementAndGet();
    }

    void recordRetry() {
        retries.incrementAndGet();
    }

    void recordEnvironmentFailure() {
        environmentFailures.incrementAndGet();
    }

    void recordWaitingForEnvironment(boolean waiting) {
        waitingForEnvironment.set(waiting);
    }

    void recordGathered(long records) {
        gathered.set(records);
    }

    void recordReadAgainForDatabase(long records) {
        readAgainForDatabase.addAndGet(records);
    }

    /** Records handed over for processing, after any gathering; redeliveries after a retry included. */
    public long delivered() {
        return delivered.get();
    }

    public long processed() {
        return processed.get();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Dead letters per {@link DeadLetterReason#code()}. */
    public Map<String, Long> deadLetteredByReason() {
        return deadLetteredByReason.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, reason -> reason.getValue().get()));
    }

    /** Failed attempts that were rolled back and will be tried again. */
    public long retries() {
        return retries.get();
    }

    /** Tries that failed for the environment (database down, read-only, timed out; broker refusing): never counted. */
    public long environmentFailures() {
        return environmentFailures.get();
    }

    /** True while an environment failure lasts: every partition is paused, and the service is not ready. */
    public boolean waitingForEnvironment() {
        return waitingForEnvironment.get();
    }

    /** Records read again because the database's consumed position was behind (a restore, a failover). */
    public long readAgainForDatabase() {
        return readAgainForDatabase.get();
    }

    /** Records polled and held back to gather a larger batch ({@link BatchGathering}), as of the last poll. */
    public long gathered() {
        return gathered.get();
    }

    /** Records whose offsets this listener committed after finishing them. */
    public long committed() {
        return committed.get();
    }

    /** How long records waited from the poll that delivered them to the commit of their offsets. */
    public LatencyHistogram deliveryToCommitLatency() {
        return deliveryToCommit;
    }

    /** Batches handed to the use case, each one or more units of work (more when a failure split it). */
    public long batches() {
        return batches.get();
    }

    /** How long the use case took per batch: claims, handler and commit. */
    public LatencyHistogram batchDuration() {
        return batchDuration;
    }

    /** True between joining the consumer group (an assignment, possibly empty) and losing or leaving it. */
    public boolean joinedGroup() {
        return joinedGroup.get();
    }

    /**
     * How long ago the poll loop last came round with no batch at work taken before: it grows past a batch's
     * work only when the loop or a batch is stuck, in a handler or a wait that never ends.
     */
    public Duration sinceLoopCameRound() {
        return Duration.ofNanos(System.nanoTime() - loopCameRoundAtNanos.get());
    }

    /** Records behind the end of each assigned partition ({@code topic-partition}), as of the last poll. */
    public Map<String, Long> lagByPartition() {
        return Map.copyOf(lagByPartition);
    }

    /** From the first record delivered to the last offset committed: the span a throughput is measured over. */
    public Duration busySpan() {
        long first = firstDeliveredAtNanos.get();
        long last = lastCommittedAtNanos.get();
        return first == 0 || last == 0 ? Duration.ZERO : Duration.ofNanos(last - first);
    }
}
