package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.application.idempotency.port.in.FailurePolicy;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound adapter: polls the topic and hands each partition's records, in order, to the use case
 * as one batch (or, with {@link BatchGathering}, the records of several polls gathered into one);
 * commits a partition's offset only past records whose unit of work has committed.
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
 * The loop polls, gathers ({@link PartitionGathering}), hands each partition's due records to {@link PartitionWork}
 * (decoding runs, the policy's verdicts, dead letters), up to {@code partitionConcurrency} partitions at once on
 * {@link PartitionWorkers}, applies their {@link PartitionReport}s, commits through {@link OffsetCommits},
 * and keeps the group's callbacks; {@link PartitionRests}, {@link EnvironmentIncident} and {@link PositionAlignment} hold
 * the rest. One thread runs {@link #run()}; {@link #stop()} may be called from any thread.
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
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetterProducer;
    private final GroupProtocol groupProtocol;
    private final ListenerStatistics statistics = new ListenerStatistics();
    private final EnvironmentIncident environment;
    private final PartitionRests rests;
    private final OffsetCommits commits;
    private final PositionAlignment alignment;
    private final PartitionWork<P> work;
    private final PartitionWorkers workers;
    private final PartitionGathering gathering;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;

    KafkaEventListener(KafkaListenerSettings settings, EventDecoder<P> decoder, ProcessEventBatchUseCase<P> useCase,
            ConsumedPositionsUseCase positions, GroupProtocol groupProtocol, Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> deadLetterProducer, OpenTelemetry openTelemetry) {
        this.settings = settings;
        this.consumer = consumer;
        this.deadLetterProducer = deadLetterProducer;
        this.groupProtocol = groupProtocol;
        this.environment = new EnvironmentIncident(settings.backoff(), statistics);
        this.rests = new PartitionRests(consumer);
        this.commits = new OffsetCommits(consumer, positions, settings.topic(), statistics);
        this.alignment = new PositionAlignment(consumer, positions, settings.topic(), statistics);
        this.work = new PartitionWork<>(settings, decoder, useCase,
                new DeadLetterTopic(deadLetterProducer, settings.service()), statistics, environment,
                new ConsumerTracing(openTelemetry, settings.service()));
        this.workers = new PartitionWorkers(settings.partitionConcurrency(), settings.service().value());
        this.gathering = new PartitionGathering(settings.gathering());
    }

    /** As the other {@code create}, untraced. */
    public static <P> KafkaEventListener<P> create(KafkaListenerSettings settings, EventDecoder<P> decoder,
            ProcessEventBatchUseCase<P> useCase, ConsumedPositionsUseCase positions) {
        return create(settings, decoder, useCase, positions, OpenTelemetry.noop());
    }

    /**
     * Checks the topics (see {@link KafkaTopics#prepare}) and connects; {@link #run()} starts consuming.
     * Each partition's records of a poll are processed in a span of {@code openTelemetry}'s ({@link ConsumerTracing}).
     */
    public static <P> KafkaEventListener<P> create(KafkaListenerSettings settings, EventDecoder<P> decoder,
            ProcessEventBatchUseCase<P> useCase, ConsumedPositionsUseCase positions, OpenTelemetry openTelemetry) {
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(positions, "positions");
        int largestDeadLetter = KafkaTopics.prepare(settings);
        GroupProtocol groupProtocol = GroupProtocols.chooseFor(settings);
        return new KafkaEventListener<>(settings, decoder, useCase, positions, groupProtocol,
                new KafkaConsumer<>(settings.consumerProperties(groupProtocol)),
                new KafkaProducer<>(settings.deadLetterProducerProperties(largestDeadLetter)), openTelemetry);
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
                rests.resumeRested();
                alignWithDatabase();
                ConsumerRecords<byte[], byte[]> records =
                        consumer.poll(gathering.pollTimeout(settings.pollTimeout(), System.nanoTime(), consumer.paused()));
                long polledAt = System.nanoTime();
                gathering.add(records, polledAt);
                PartitionGathering.Gathered due = gathering.takeDue(polledAt, consumer.paused());
                statistics.recordGathered(gathering.size());
                work.startPoll();
                workers.runAll(due.partitions(), partition -> process(partition, due.records(partition), polledAt))
                        .forEach(report -> report.apply(consumer, commits, rests, alignment, gathering));
                if (!environment.ongoing()) {
                    // During an incident the positions would only wait for the pool; they go once it is over.
                    commits.commit(due.oldestPolledAtNanos());
                }
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
            if (environment.ongoing()) {
                // The database does not take the positions now; waiting for it would only delay the stop.
                LOG.info("Leaving without a last commit while the environment is failing; the next owner receives "
                        + "the uncommitted records again and the ledger skips them");
            } else {
                commits.commitBeforeLosing(consumer.assignment(), LEAVE_TIMEOUT);
            }
        } finally {
            statistics.recordMembership(false);
            try {
                // A static member stays in the group (its partitions wait for its restart); a dynamic one leaves.
                consumer.close(CloseOptions.timeout(LEAVE_TIMEOUT));
            } catch (RuntimeException unclosed) {
                LOG.warn("The consumer did not close cleanly; the group moves its partitions when its session expires",
                        unclosed);
            } finally {
                workers.close();
                deadLetterProducer.close(LEAVE_TIMEOUT);
                stopped.countDown();
            }
        }
    }

    /** On the poll thread or a worker: the partition's records, unless the poll's work is to end. */
    private PartitionReport process(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> polled, long polledAt) {
        if (stopRequested) {
            // Left uncommitted: its next owner receives it again.
            return new PartitionReport(partition);
        }
        if (work.environmentFailed() || workLimitPassed(polledAt)) {
            // Not processed in this poll: the next one delivers these records again.
            return PartitionReport.handedBack(partition, polled.get(0).offset());
        }
        return work.process(partition, polled);
    }

    private boolean workLimitPassed(long polledAt) {
        return System.nanoTime() - polledAt > settings.groupTimeouts().pollWorkLimit().toNanos();
    }

    /** Partitions the database says are behind go back; if it does not answer, they rest and are checked again. */
    private void alignWithDatabase() {
        try {
            alignment.alignPending().forEach((partition, offset) -> {
                commits.forget(partition);
                gathering.dropFrom(partition, offset);
            });
        } catch (RuntimeException unavailable) {
            rests.rest(alignment.pending(), environment.failed(unavailable));
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
            commits.forget(partition);
            work.forget(partition);
            rests.forget(partition);
            gathering.forget(partition);
        });
        alignment.forget(partitions);
    }

    private final class CommitOnRevocation implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Bounded, and proof against a stop() that arrives during the callback: a wakeup
            // escaping a callback would leave the consumer between two assignments.
            commits.commitBeforeLosing(partitions, stopRequested ? LEAVE_TIMEOUT : REVOCATION_COMMIT_TIMEOUT);
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
                rests.rest(partitions, settings.backoff().initial());
            }
            // Here, before this poll may return their records.
            alignment.check(partitions);
            alignWithDatabase();
            LOG.info("Partitions assigned: {}", partitions);
        }
    }
}
