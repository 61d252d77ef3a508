package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailurePolicy.Verdict;
import dev.eventidempotency.application.idempotency.port.in.FailurePolicy;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The inbound adapter: polls the topic and hands each partition's records, in order, to the use case
 * as one batch; commits a partition's offset only past records whose unit of work has committed.
 *
 * <ul>
 *   <li>A record that can never be decoded goes to the dead-letter topic, then counts as finished.</li>
 *   <li>A record whose processing fails was rolled back, and the {@link FailurePolicy} decides. An
 *       environment failure pauses every partition until the environment works again; nothing is
 *       counted or dead-lettered. Any other failure rests its partition at the record, with backoff,
 *       while the others go on; it is set aside in the dead-letter topic only once other events went
 *       through meanwhile, at once if the database rejected it, after {@code maxAttempts} otherwise.
 *       A record is never committed past unless it was dead-lettered.</li>
 *   <li>One poll's work is bounded: past {@link GroupTimeouts#pollWorkLimit()}, the partitions not yet
 *       processed are sought back and polled again, so a slow database does not cost the group.</li>
 *   <li>Revoked partitions get their finished offsets committed; lost ones are left to their new
 *       owner, and the ledger skips whatever it receives again.</li>
 * </ul>
 * One thread runs {@link #run()}; {@link #stop()} may be called from any thread.
 */
public final class KafkaEventListener<P> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventListener.class);
    /**
     * Bounds each step of leaving: the last commit, closing the consumer, closing the producer. A
     * SIGTERM is over within a few seconds however the group or the brokers behave; what could not be
     * committed in that time is received again by the next owner, and the ledger skips it.
     */
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);
    /** A revocation that cannot commit within this leaves the records to the next owner instead of stalling the group. */
    private static final Duration REVOCATION_COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaListenerSettings settings;
    private final EventDecoder<P> decoder;
    private final ProcessEventBatchUseCase<P> useCase;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetterProducer;
    private final DeadLetterTopic deadLetters;
    private final ListenerStatistics statistics = new ListenerStatistics();
    private final Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
    private final FailedAttempts failedAttempts = new FailedAttempts();
    private final Map<TopicPartition, Long> restingUntilNanos = new HashMap<>();
    private final FailurePolicy policy;
    private final EnvironmentIncident environment;
    private final ConsumedPositionsUseCase positions;
    private final PositionAlignment alignment;
    private long finishedSinceCommit;
    /** Set when the rest of the current poll's records are to be handed back: see {@link #handBack}. */
    private boolean pollCutShort;
    private final GroupProtocol groupProtocol;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;

    private KafkaEventListener(KafkaListenerSettings settings, EventDecoder<P> decoder, ProcessEventBatchUseCase<P> useCase,
            ConsumedPositionsUseCase positions, GroupProtocol groupProtocol, Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> deadLetterProducer) {
        this.settings = settings;
        this.groupProtocol = groupProtocol;
        this.decoder = decoder;
        this.useCase = useCase;
        this.consumer = consumer;
        this.deadLetterProducer = deadLetterProducer;
        this.deadLetters = new DeadLetterTopic(deadLetterProducer, settings.service());
        this.policy = new FailurePolicy(settings.maxAttempts());
        this.environment = new EnvironmentIncident(settings.backoff(), statistics);
        this.positions = positions;
        this.alignment = new PositionAlignment(consumer, positions, settings.topic(), statistics);
    }

    /** Checks the topics (see {@link KafkaTopics#prepare}) and connects; {@link #run()} starts consuming. */
    public static <P> KafkaEventListener<P> create(KafkaListenerSettings settings, EventDecoder<P> decoder,
            ProcessEventBatchUseCase<P> useCase, ConsumedPositionsUseCase positions) {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(positions, "positions");
        int largestDeadLetter = KafkaTopics.prepare(settings);
        GroupProtocol groupProtocol = GroupProtocols.chooseFor(settings);
        return new KafkaEventListener<>(settings, decoder, useCase, positions, groupProtocol,
                new KafkaConsumer<>(settings.consumerProperties(groupProtocol)),
                new KafkaProducer<>(settings.deadLetterProducerProperties(largestDeadLetter)));
    }

    public ListenerStatistics statistics() {
        return statistics;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(settings.topic().value()), new CommitOnRevocation());
        LOG.info("Consuming {} as {} ({} group protocol{})", settings.topic(), settings.service(), groupProtocol.name,
                settings.membership().instanceId().map(id -> ", static member " + id).orElse(""));
        try {
            while (!stopRequested) {
                statistics.recordLoopCameRound();
                resumeRestedPartitions();
                alignWithDatabase();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                long polledAt = System.nanoTime();
                pollCutShort = false;
                for (TopicPartition partition : records.partitions()) {
                    if (stopRequested) {
                        // The rest of the poll is left uncommitted: its next owner receives it again.
                        break;
                    }
                    List<ConsumerRecord<byte[], byte[]>> polled = records.records(partition);
                    if (pollCutShort || workLimitPassed(polledAt)) {
                        handBack(partition, polled.get(0));
                    } else {
                        processInOrder(partition, polled);
                    }
                }
                commitFinished(polledAt);
                recordLag();
            }
        } catch (WakeupException stopWokeThePoll) {
            // stop() cut a blocking call short; stopRequested says the same.
        } finally {
            leaveTheGroup();
        }
    }

    /**
     * Asks the poll loop to finish: the batch in hand completes, its offsets are committed, and the
     * consumer leaves the group, all within a few seconds whatever the group is doing. May be called
     * from any thread, at any moment, more than once.
     */
    public void stop() {
        stopRequested = true;
        if (stopped.getCount() > 0) {
            consumer.wakeup();
        }
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Commits what finished, then closes the consumer and the dead-letter producer, each within a bound.
     * An unbounded close waits for the group: during a rebalance the broker holds a member's join
     * request until every member has rejoined or timed out, up to a whole session.
     */
    private void leaveTheGroup() {
        if (stopRequested) {
            LOG.info("Stop requested: committing finished offsets and leaving the group");
        }
        try {
            commitBeforeLeaving();
        } finally {
            statistics.recordMembership(false);
            try {
                // A static member stays in the group (its partitions wait for its restart); a dynamic one leaves.
                consumer.close(CloseOptions.timeout(LEAVE_TIMEOUT));
            } catch (RuntimeException unclosed) {
                LOG.warn("The consumer did not close cleanly; the group moves its partitions when its session expires",
                        unclosed);
            } finally {
                deadLetterProducer.close(LEAVE_TIMEOUT);
                stopped.countDown();
            }
        }
    }

    /**
     * The last commit, bounded. A {@link #stop()} that arrives while it runs wakes it up; it is tried
     * once more, since a wakeup cannot arrive twice. Whatever stays uncommitted is forgotten, so that
     * closing does not try it again in the revocation callback: its next owner receives it again and
     * the ledger skips it.
     */
    private void commitBeforeLeaving() {
        if (finished.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(finished);
        try {
            commitWithin(offsets, LEAVE_TIMEOUT);
            statistics.recordCommitted(finishedSinceCommit, Duration.ZERO);
        } catch (KafkaException notCommitted) {
            LOG.warn("Offsets {} were not committed before leaving; their next owner receives those records again and "
                    + "the ledger skips them", offsets, notCommitted);
        } finally {
            finished.clear();
            finishedSinceCommit = 0;
        }
    }

    private void commitWithin(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        try {
            consumer.commitSync(offsets, timeout);
        } catch (WakeupException stopArrivedMeanwhile) {
            consumer.commitSync(offsets, timeout);
        }
    }

    /**
     * Hands the partition's records over in runs of decodable events, one batch per run, and
     * dead-letters each undecodable record in its place between the runs, so order is kept and a
     * record is dead-lettered only once its predecessors are done.
     */
    private void processInOrder(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> run = new ArrayList<>();
        List<IncomingEvent<P>> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            statistics.recordDelivered();
            boolean continues;
            if (record.serializedValueSize() > settings.maxRecordBytes()) {
                // Checked before decoding, so an oversized value never reaches the JSON parser.
                continues = setAside(partition, run, events, record, DeadLetterReason.TOO_LARGE, "the value has "
                        + record.serializedValueSize() + " bytes, more than the maximum of " + settings.maxRecordBytes(), null);
            } else {
                try {
                    events.add(decoder.decode(record));
                    run.add(record);
                    continue;
                } catch (UndecodableRecordException undecodable) {
                    continues = setAside(partition, run, events, record, DeadLetterReason.UNDECODABLE, undecodable.reason(),
                            undecodable.getCause() == null ? undecodable : undecodable.getCause());
                } catch (RuntimeException decoderFailed) {
                    // A payload reader may throw anything (a DateTimeParseException, say): the same bytes
                    // fail the same way every time, so the record is set aside, and the loop goes on.
                    continues = setAside(partition, run, events, record, DeadLetterReason.UNDECODABLE,
                            "the decoder failed: " + decoderFailed, decoderFailed);
                }
            }
            if (!continues) {
                return;
            }
        }
        processRun(partition, run, events);
    }

    /** Finishes the run before the record, then dead-letters the record; false when the partition now rests. */
    private boolean setAside(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> run, List<IncomingEvent<P>> events,
            ConsumerRecord<byte[], byte[]> record, DeadLetterReason code, String reason, Throwable error) {
        boolean done = processRun(partition, run, events) && deadLetter(partition, record, code, reason, error);
        run.clear();
        events.clear();
        return done;
    }

    /** True when every event of the run is done; otherwise the partition now rests at the failed one. */
    private boolean processRun(
            TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> run, List<IncomingEvent<P>> events) {
        if (events.isEmpty()) {
            return true;
        }
        long started = System.nanoTime();
        BatchOutcome outcome = useCase.process(List.copyOf(events));
        statistics.record(outcome, Duration.ofNanos(System.nanoTime() - started));
        if (outcome.completed() > 0) {
            if (environment.over()) {
                // A restore is an incident too: its end is the moment to compare positions again.
                alignment.check(consumer.assignment());
            }
            failedAttempts.succeeded(outcome.completed());
        }
        for (int position : outcome.payloadConflicts()) {
            // Published before the offsets are committed, so a conflict is never lost; at worst sent twice.
            if (!deadLetter(partition, run.get(position), DeadLetterReason.PAYLOAD_CONFLICT, "payload-conflict: event "
                    + events.get(position).id() + " was processed before with other content", null)) {
                return false;
            }
        }
        if (outcome.completed() > 0) {
            markFinished(partition, run.get(outcome.completed() - 1), outcome.completed() - outcome.payloadConflicts().size());
        }
        if (outcome.failure().isEmpty()) {
            return true;
        }
        int failed = outcome.completed();
        return settledAfterFailure(partition, run.get(failed), outcome.failure().get())
                && processRun(partition, run.subList(failed + 1, run.size()), events.subList(failed + 1, events.size()));
    }

    /** Applies the {@link FailurePolicy}: true when the record was set aside and the partition goes on. */
    private boolean settledAfterFailure(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, EventFailure failure) {
        int tries = failedAttempts.tried(partition);
        Verdict verdict = policy.judge(failure, failedAttempts.othersSucceededSinceFirstFailure(partition),
                failedAttempts.counted(partition));
        if (verdict.countsAnAttempt()) {
            failedAttempts.count(partition);
        }
        Throwable root = rootCause(failure.cause());
        return switch (verdict) {
            case WAIT_FOR_ENVIRONMENT -> waitForEnvironment(partition, record, failure.cause());
            case RETRY_UNPROVEN -> restAfterFailure(partition, record, failure.cause(), tries, "not counted: no other "
                    + "event has gone through since it first failed, so the failure may be the environment's");
            case RETRY_COUNTED -> restAfterFailure(partition, record, failure.cause(), tries, "counted: attempt "
                    + failedAttempts.counted(partition) + " of " + settings.maxAttempts());
            case SET_ASIDE_REJECTED -> deadLetter(partition, record, DeadLetterReason.REJECTED,
                    "rejected by the database: " + oneLine(root), root);
            case SET_ASIDE_FAILED_REPEATEDLY -> deadLetter(partition, record, DeadLetterReason.FAILED_REPEATEDLY,
                    "failed " + failedAttempts.counted(partition) + " times while other events went through: "
                            + oneLine(root), root);
        };
    }

    private boolean deadLetter(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, DeadLetterReason code,
            String reason, Throwable error) {
        withRecord(LOG.atError(), record).addKeyValue("reason", code.code())
                .log("Record {}-{}@{} can never be processed, sending it to {}: {}", record.topic(), record.partition(),
                        record.offset(), DeadLetterTopic.nameFor(record.topic()), reason);
        try {
            deadLetters.publish(record, code, reason, error);
        } catch (RuntimeException unpublished) {
            // The broker, not the record: every dead letter would fail now.
            return waitForEnvironment(partition, record, unpublished);
        }
        statistics.recordDeadLettered(code.code());
        markFinished(partition, record, 1);
        return true;
    }

    private void markFinished(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int records) {
        finished.put(partition, new OffsetAndMetadata(record.offset() + 1));
        finishedSinceCommit += records;
        failedAttempts.forget(partition);
    }

    /** Key-value pairs on a log line, so a log search finds every line about one record. */
    private static LoggingEventBuilder withRecord(LoggingEventBuilder line, ConsumerRecord<byte[], byte[]> record) {
        return line.addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset());
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String oneLine(Throwable error) {
        return String.valueOf(error.getMessage()).replaceAll("\\s+", " ").strip();
    }

    /** Always false: the partition now rests at the record, to retry it. */
    private boolean restAfterFailure(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, RuntimeException failure,
            int tries, String counting) {
        Duration rest = settings.backoff().delayBefore(tries);
        withRecord(LOG.atWarn(), record).addKeyValue("try", tries).setCause(failure)
                .log("Processing {}-{}@{} failed and was rolled back (try {}, {}); it is retried in {} ms",
                        record.topic(), record.partition(), record.offset(), tries, counting, rest.toMillis());
        statistics.recordRetry();
        consumer.seek(partition, record.offset());
        rest(List.of(partition), rest);
        return false;
    }

    /**
     * Always false: the environment fails, so every partition rests, and the rest of this poll is
     * handed back; the record is tried again when the rest is over, and nothing is counted against it.
     */
    private boolean waitForEnvironment(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Throwable failure) {
        Duration rest = environment.failed(failure);
        statistics.recordRetry();
        consumer.seek(partition, record.offset());
        rest(consumer.assignment(), rest);
        pollCutShort = true;
        return false;
    }

    private void rest(Collection<TopicPartition> partitions, Duration rest) {
        long until = System.nanoTime() + rest.toNanos();
        consumer.pause(partitions);
        partitions.forEach(partition -> restingUntilNanos.merge(partition, until, Math::max));
    }

    private boolean workLimitPassed(long polledAt) {
        return System.nanoTime() - polledAt > settings.groupTimeouts().pollWorkLimit().toNanos();
    }

    /** The partition's records of this poll are not processed: the next poll delivers them again. */
    private void handBack(TopicPartition partition, ConsumerRecord<byte[], byte[]> first) {
        consumer.seek(partition, first.offset());
    }

    private void resumeRestedPartitions() {
        long now = System.nanoTime();
        List<TopicPartition> rested = restingUntilNanos.entrySet().stream()
                .filter(resting -> resting.getValue() - now <= 0)
                .map(Map.Entry::getKey)
                .toList();
        if (!rested.isEmpty()) {
            consumer.resume(rested);
            rested.forEach(restingUntilNanos::remove);
        }
    }

    /** Partitions the database says are behind go back; if it does not answer, they rest and are checked again. */
    private void alignWithDatabase() {
        try {
            alignment.alignPending().forEach(finished::remove);
        } catch (RuntimeException unavailable) {
            rest(alignment.pending(), environment.failed(unavailable));
        }
    }

    /**
     * The database's consumed positions first, then Kafka's offsets: the database is never behind
     * Kafka but after a restore. When it does not answer, the offsets wait with it.
     */
    private boolean positionsKept(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            positions.keep(offsets.entrySet().stream().map(offset -> new ConsumedPosition(settings.topic(),
                    offset.getKey().partition(), offset.getValue().offset())).toList());
            return true;
        } catch (RuntimeException unavailable) {
            LOG.warn("The consumed positions {} could not be kept in the database, so their offsets are not committed "
                    + "yet: {}", offsets, EnvironmentIncident.oneLine(unavailable));
            return false;
        }
    }

    private void commitFinished(long polledAt) {
        if (finished.isEmpty() || !positionsKept(finished)) {
            return;
        }
        try {
            consumer.commitSync(finished);
            statistics.recordCommitted(finishedSinceCommit, Duration.ofNanos(System.nanoTime() - polledAt));
            finished.clear();
            finishedSinceCommit = 0;
        } catch (CommitFailedException | RebalanceInProgressException ownershipLost) {
            LOG.warn("Offsets {} were not committed because the group rebalanced; the new owner receives those "
                    + "records again and the ledger skips them", finished, ownershipLost);
            finished.clear();
            finishedSinceCommit = 0;
        } catch (RetriableException brokerUnavailable) {
            LOG.warn("Offsets {} were not committed yet, trying again after the next poll", finished, brokerUnavailable);
        }
    }

    // The consumer knows the lag from its last fetch, without asking the broker.
    private void recordLag() {
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> statistics.recordLag(partition.toString(), lag));
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            statistics.forgetLag(partition.toString());
            finished.remove(partition);
            alignment.forget(List.of(partition));
            failedAttempts.forget(partition);
            restingUntilNanos.remove(partition);
        });
    }

    private final class CommitOnRevocation implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> finishedOfRevoked = new HashMap<>(finished);
            finishedOfRevoked.keySet().retainAll(partitions);
            if (!finishedOfRevoked.isEmpty() && positionsKept(finishedOfRevoked)) {
                try {
                    // Bounded, and proof against a stop() that arrives during the callback: a wakeup
                    // escaping a callback would leave the consumer between two assignments.
                    commitWithin(finishedOfRevoked, stopRequested ? LEAVE_TIMEOUT : REVOCATION_COMMIT_TIMEOUT);
                } catch (KafkaException notCommitted) {
                    LOG.warn("Offsets {} of revoked partitions were not committed; their next owner receives those "
                            + "records again and the ledger skips them", finishedOfRevoked, notCommitted);
                }
            }
            forget(partitions);
            LOG.info("Partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: a commit would fail or, worse, move its position.
            forget(partitions);
            statistics.recordMembership(false);
            LOG.warn("Partitions lost: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            statistics.recordMembership(true);
            if (environment.ongoing()) {
                // Joined during an incident: the new partitions wait with the others.
                rest(partitions, settings.backoff().initial());
            }
            // Here, before this poll may return their records.
            alignment.check(partitions);
            alignWithDatabase();
            LOG.info("Partitions assigned: {}", partitions);
        }
    }
}
