package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.application.idempotency.port.in.FailurePolicy;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * in batches, one batch per partition at a time (with {@link BatchGathering}, the records of several polls
 * gathered into one); commits a partition's offset only past records whose unit of work has committed.
 *
 * <ul>
 *   <li>A record that can never be decoded goes to the dead-letter topic, then counts as finished.</li>
 *   <li>A record whose processing fails was rolled back, and the {@link FailurePolicy} decides. An
 *       environment failure pauses every partition until the environment works again; nothing is
 *       counted or dead-lettered. Any other failure rests its partition at the record, with backoff,
 *       while the others go on; it is set aside in the dead-letter topic only once other events went
 *       through meanwhile, at once if the database rejected it, after {@code maxAttempts} otherwise.
 *       A record is never committed past unless it was dead-lettered.</li>
 *   <li>The poll loop never waits for the database (ADR 0024): while batches are at work, it polls, holds the
 *       next records, and commits what finished. A batch not started within {@link GroupTimeouts#pollWorkLimit()}
 *       of being taken is handed back and polled again; one at work longer stops the polls, so the group moves
 *       the partitions of a member stuck in a handler.</li>
 *   <li>Revoked partitions' batches at work finish first, within the work limit, then their finished offsets are
 *       committed; lost ones are left to their new owner, and the ledger skips whatever it receives again.</li>
 * </ul>
 * The loop polls, gathers ({@link PartitionGathering}), starts each partition's due records on {@link PartitionWork}
 * (decoding runs, the policy's verdicts, dead letters), up to {@code partitionConcurrency} partitions at once on
 * {@link PartitionsInFlight}, applies their {@link PartitionReport}s as they finish, commits through
 * {@link OffsetCommits}, and keeps the group's callbacks; {@link PartitionRests}, {@link HoldingLimit},
 * {@link EnvironmentIncident} and {@link PositionAlignment} hold the rest. One thread runs {@link #run()};
 * {@link #stop()} may be called from any thread.
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
    /**
     * With batches at work and nothing else to do, the loop waits this long at most for one to finish before
     * it polls again: short, as records of partitions not at work wait for it too.
     */
    private static final Duration AT_WORK_WAIT = Duration.ofMillis(5);

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
    private final PartitionsInFlight inFlight;
    private final PartitionGathering gathering;
    private final HoldingLimit holdingLimit;
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
        this.inFlight = new PartitionsInFlight(settings.partitionConcurrency(), settings.service().value());
        this.gathering = new PartitionGathering(settings.gathering(), settings.maxPollRecords());
        // A partition at work gathers its next batch meanwhile: as much as one poll, or one gathered batch, brings.
        this.holdingLimit = new HoldingLimit(consumer, Math.max(settings.maxPollRecords(), settings.gathering().events()));
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
            boolean idle = false;
            while (!stopRequested) {
                long now = System.nanoTime();
                long oldestAtWork = inFlight.oldestStartedAtNanos(now);
                // A batch stuck at work keeps the loop from coming round, as far as liveness is concerned.
                statistics.recordLoopCameRound(oldestAtWork);
                boolean stuck = now - oldestAtWork > settings.groupTimeouts().pollWorkLimit().toNanos();
                apply(inFlight.finished(stuck ? settings.pollTimeout() : idle ? AT_WORK_WAIT : Duration.ZERO));
                if (!environment.ongoing()) {
                    // During an incident the positions would only wait for the pool; they go once it is over.
                    commits.commit();
                }
                if (stuck) {
                    // No poll: the group puts this member out after max.poll.interval and moves its partitions, as
                    // it did when the loop waited for every batch.
                    continue;
                }
                rests.resumeRested();
                alignWithDatabase();
                // With batches at work the poll only collects what was fetched: their end is waited for above.
                ConsumerRecords<byte[], byte[]> records = consumer.poll(inFlight.isEmpty()
                        ? gathering.pollTimeout(settings.pollTimeout(), System.nanoTime(), waiting()) : Duration.ZERO);
                long polledAt = System.nanoTime();
                gathering.add(records, polledAt);
                PartitionGathering.Gathered due = gathering.takeDue(polledAt, waiting());
                due.partitions().forEach(partition ->
                        start(partition, due.records(partition), due.deliveredAtNanos(partition)));
                holdingLimit.apply(inFlight.partitions(), gathering, rests);
                statistics.recordGathered(gathering.size());
                recordLag();
                idle = records.isEmpty() && due.partitions().isEmpty();
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
            // The batches at work finish first, so what they commit is committed in Kafka too.
            apply(inFlight.await(inFlight.partitions(), settings.groupTimeouts().pollWorkLimit()));
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
                inFlight.close();
                deadLetterProducer.close(LEAVE_TIMEOUT);
                stopped.countDown();
            }
        }
    }

    /** Partitions that may not take a batch now: they rest, or their last batch is still at work. */
    private Set<TopicPartition> waiting() {
        Set<TopicPartition> waiting = new HashSet<>(rests.resting());
        waiting.addAll(inFlight.partitions());
        return waiting;
    }

    private void start(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> batch, long polledAt) {
        long takenAt = System.nanoTime();
        long environmentFailures = work.environmentFailures();
        inFlight.start(partition, () -> process(partition, batch, polledAt, takenAt, environmentFailures));
    }

    /** On a worker: the partition's batch, unless the listener stops or the batch is to be polled again. */
    private PartitionReport process(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> batch, long polledAt,
            long takenAt, long environmentFailuresWhenTaken) {
        if (stopRequested) {
            // Left uncommitted: its next owner receives it again.
            return PartitionReport.untouched(partition);
        }
        if (work.environmentFailures() != environmentFailuresWhenTaken
                || System.nanoTime() - takenAt > settings.groupTimeouts().pollWorkLimit().toNanos()) {
            // Every partition rests meanwhile, or the batch waited too long for a worker: the next poll delivers it again.
            return PartitionReport.handedBack(partition, batch.get(0).offset());
        }
        return work.process(partition, batch, polledAt);
    }

    /** On the poll thread: what finished batches leave, a partition's seek dropping its records held since. */
    private void apply(List<PartitionReport> reports) {
        reports.forEach(report -> report.apply(consumer, commits, rests, alignment, gathering));
    }

    /** Partitions the database says are behind go back; if it does not answer, they rest and are checked again. */
    private void alignWithDatabase() {
        try {
            alignment.alignPending(inFlight.partitions(), gathering).forEach((partition, offset) -> {
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
            try {
                consumer.currentLag(partition).ifPresent(lag -> statistics.recordLag(partition.toString(), lag));
            } catch (IllegalStateException goneMeanwhile) {
                // The consumer group protocol's own thread dropped it (a fenced member, KAFKA-17947); a callback follows.
            }
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            statistics.forgetLag(partition.toString());
            commits.forget(partition);
            work.forget(partition);
            rests.forget(partition);
            gathering.forget(partition);
            holdingLimit.forget(partition);
            inFlight.forget(partition);
        });
        alignment.forget(partitions);
    }

    private final class CommitOnRevocation implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Their batches at work finish first, within the work limit, so what they commit is committed in Kafka too.
            apply(inFlight.await(partitions, settings.groupTimeouts().pollWorkLimit()));
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
