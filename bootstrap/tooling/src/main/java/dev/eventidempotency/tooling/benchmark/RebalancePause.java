package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.GroupMembership;
import dev.eventidempotency.adapter.kafka.GroupProtocolChoice;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaEventListener;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.position.MyBatisConsumedPositions;
import dev.eventidempotency.application.idempotency.KeepConsumedPositions;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.user.UserCreated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;

/**
 * How long partitions stand still when a member joins or leaves the group: a steady stream of records
 * on every partition, consumed by production listeners of one group, and the longest gap in each
 * partition's processing after the change. Kafka's default timeouts, and the broker's defaults for
 * the consumer protocol's group: what a deployment that changes nothing gets.
 */
final class RebalancePause {

    enum Change { JOIN, LEAVE }

    /** A protocol, and for the consumer protocol optionally a heartbeat of the group's own instead of the broker's. */
    record Setup(GroupProtocolChoice protocol, Optional<Duration> groupHeartbeat) {

        String label() {
            return protocol.label() + groupHeartbeat.map(beat -> ", group heartbeat " + beat.toMillis() + " ms").orElse("");
        }
    }

    /** One change: the longest any partition stood still, how many stood still at all, and when all ran again. */
    record Measurement(Duration longestPause, int partitionsPaused, Duration allProcessingAgainAfter) {
    }

    static final int PARTITIONS = 6;
    /** Per partition: 50 records a second, so a gap over {@link #STOOD_STILL} is a pause, not a quiet moment. */
    private static final Duration RECORD_INTERVAL = Duration.ofMillis(20);
    private static final Duration STOOD_STILL = Duration.ofMillis(500);
    private static final Duration STABLE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration AFTERWARDS = Duration.ofSeconds(3);
    private static final Duration STAGGER = Duration.ofMillis(1_100);

    private final ServiceSettings base;
    private final PostgresDatabase database;

    RebalancePause(ServiceSettings base, PostgresDatabase database) {
        this.base = base;
        this.database = database;
    }

    Measurement measure(Setup setup, Change change) throws InterruptedException {
        GroupProtocolChoice protocol = setup.protocol();
        String run = protocol.label() + "-" + change.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        TopicName topic = new TopicName(base.topic().value() + "-rebalance-" + run);
        KafkaTopics.createIfMissing(base.kafkaConnection(), topic.value(), PARTITIONS);
        ServiceName group = new ServiceName("rebalance-" + run);
        setup.groupHeartbeat().ifPresent(heartbeat -> configureHeartbeat(group, heartbeat));
        KafkaListenerSettings settings = new KafkaListenerSettings(base.kafkaConnection(), topic, group, 500,
                base.maxAttempts(), base.maxRecordBytes(), GroupTimeouts.KAFKA_DEFAULTS,
                new GroupMembership(protocol, Optional.empty()));
        ProcessingTimes times = new ProcessingTimes();
        List<Member> members = new ArrayList<>();
        int before = change == Change.JOIN ? 2 : 3;
        try (SteadyStream stream = new SteadyStream(base.kafkaConnection(), topic, times)) {
            for (int member = 0; member < before; member++) {
                members.add(Member.start(settings, database, times));
                // Instances started at different moments heartbeat out of phase; started together, they would
                // all notice a rebalance at once and hide the wait for the last one.
                Thread.sleep(STAGGER.toMillis());
            }
            awaitEveryPartitionProcessing(group, topic, before, times);
            long changedAt = System.nanoTime();
            if (change == Change.JOIN) {
                members.add(Member.start(settings, database, times));
            } else {
                members.remove(members.size() - 1).stop();
            }
            awaitEveryPartitionProcessing(group, topic, change == Change.JOIN ? before + 1 : before - 1, times);
            Thread.sleep(AFTERWARDS.toMillis());
            return times.after(changedAt);
        } finally {
            for (Member member : members) {
                member.stop();
            }
        }
    }

    private void awaitEveryPartitionProcessing(ServiceName group, TopicName topic, int members, ProcessingTimes times)
            throws InterruptedException {
        long deadline = System.nanoTime() + STABLE_TIMEOUT.toNanos();
        while (!(isStableWith(group, topic, members) && times.everyPartitionSince(System.nanoTime() - STOOD_STILL.toNanos()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + group + " was not stable with " + members + " members, every "
                        + "partition processing, within " + STABLE_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** As an operator sets it: a group config on the broker, within its {@code group.consumer.*.heartbeat.interval.ms}. */
    private void configureHeartbeat(ServiceName group, Duration heartbeat) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group.value());
        AlterConfigOp set = new AlterConfigOp(
                new ConfigEntry("consumer.heartbeat.interval.ms", Long.toString(heartbeat.toMillis())), AlterConfigOp.OpType.SET);
        try (Admin admin = Admin.create(base.kafkaConnection().adminConfig())) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(set))).all().get();
        } catch (ExecutionException refused) {
            throw new IllegalStateException("the broker refused a group heartbeat of " + heartbeat.toMillis() + " ms: "
                    + refused.getCause().getMessage(), refused.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private boolean isStableWith(ServiceName group, TopicName topic, int members) {
        try (Admin admin = Admin.create(base.kafkaConnection().adminConfig())) {
            return GroupAssignment.isStable(admin, group, topic, members, PARTITIONS);
        }
    }

    /** When each partition's batches finished, by the event ids the stream sent to it. */
    private static final class ProcessingTimes {

        private final Map<String, Integer> partitionOfEvent = new ConcurrentHashMap<>();
        private final Map<Integer, List<Long>> finishedAtNanos = new ConcurrentHashMap<>();

        void sent(String eventId, int partition) {
            partitionOfEvent.put(eventId, partition);
        }

        /** A batch is one partition's records: its first event names the partition. */
        void finished(String firstEventId) {
            Integer partition = partitionOfEvent.get(firstEventId);
            if (partition != null) {
                List<Long> finished = finishedAtNanos.computeIfAbsent(partition, any -> new ArrayList<>());
                synchronized (finished) {
                    finished.add(System.nanoTime());
                }
            }
        }

        boolean everyPartitionSince(long sinceNanos) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                List<Long> finished = finishedAtNanos.getOrDefault(partition, List.of());
                synchronized (finished) {
                    if (finished.isEmpty() || finished.get(finished.size() - 1) < sinceNanos) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Each partition's longest gap between two batches, the later one after the change. */
        Measurement after(long changedAt) {
            long longest = 0;
            long lastResumed = changedAt;
            int paused = 0;
            for (int partition = 0; partition < PARTITIONS; partition++) {
                List<Long> finished = finishedAtNanos.get(partition);
                long partitionLongest = 0;
                long resumed = changedAt;
                synchronized (finished) {
                    for (int i = 1; i < finished.size(); i++) {
                        long gap = finished.get(i) - finished.get(i - 1);
                        if (finished.get(i) > changedAt && gap > partitionLongest) {
                            partitionLongest = gap;
                            resumed = finished.get(i);
                        }
                    }
                }
                if (partitionLongest > STOOD_STILL.toNanos()) {
                    paused++;
                    lastResumed = Math.max(lastResumed, resumed);
                }
                longest = Math.max(longest, partitionLongest);
            }
            return new Measurement(Duration.ofNanos(longest), paused,
                    Duration.ofNanos(lastResumed - changedAt));
        }
    }

    /** One record per partition every {@link #RECORD_INTERVAL}, on a thread of its own, until closed. */
    private static final class SteadyStream implements AutoCloseable {

        private final Thread sender;
        private volatile boolean sending = true;

        SteadyStream(KafkaConnection connection, TopicName topic, ProcessingTimes times) {
            sender = new Thread(() -> {
                try (Producer<byte[], byte[]> producer =
                        OrderedPublisher.to(connection, OrderedPublisher.DEFAULT_MAX_REQUEST_BYTES)) {
                    for (int sequence = 0; sending; sequence++) {
                        for (int partition = 0; partition < PARTITIONS; partition++) {
                            DemoEventStream.Event event = DemoEventStream.userCreated(UUID.randomUUID(), sequence);
                            times.sent(event.eventId(), partition);
                            producer.send(new ProducerRecord<>(topic.value(), partition,
                                    event.userId().getBytes(StandardCharsets.UTF_8), event.value()));
                        }
                        Thread.sleep(RECORD_INTERVAL.toMillis());
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }, "rebalance-stream");
            sender.start();
        }

        @Override
        public void close() throws InterruptedException {
            sending = false;
            sender.join();
        }
    }

    /** A production listener of the group, on a thread of its own, whose batches are timed. */
    private record Member(KafkaEventListener<UserCreated> listener, Thread consumer) {

        /** Batch mode with the sample handler, and its consumed positions kept, as the service runs. */
        static Member start(KafkaListenerSettings settings, PostgresDatabase database, ProcessingTimes times) {
            // Batch mode has no lanes: it never hands a task to the executor.
            ProcessEventBatchUseCase<UserCreated> useCase = Flow.batch(500).useCase(settings.service(), database,
                    database.unitOfWork(), Runnable::run);
            ProcessEventBatchUseCase<UserCreated> timed = events -> {
                BatchOutcome outcome = useCase.process(events);
                times.finished(events.get(0).id().value());
                return outcome;
            };
            KafkaEventListener<UserCreated> listener = KafkaEventListener.create(settings, CompositionRoot.userEventDecoder(), timed,
                    new KeepConsumedPositions(settings.service(), database.unitOfWork(), new MyBatisConsumedPositions()));
            Thread consumer = new Thread(listener, "rebalance-member");
            consumer.start();
            return new Member(listener, consumer);
        }

        void stop() throws InterruptedException {
            listener.stop();
            consumer.join();
        }
    }
}
