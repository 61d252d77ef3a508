package dev.eventidempotency.adapter.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks: Kafka accepts the credentials, the events topic must exist (a typo in its name would otherwise wait forever),
 * and the dead-letter topic is created when missing, so the first bad record never blocks a partition.
 */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    static final long TIMEOUT_SECONDS = 30;
    /** What a dead letter adds to its record: the {@code dlt.*} headers, a reason of a few hundred bytes. */
    static final int HEADER_ROOM_BYTES = 16 * 1024;

    private KafkaTopics() {
    }

    /**
     * Creates the topic with the given number of partitions unless it exists (whatever its partitions),
     * and returns once every partition has a leader. A producer that writes to a partition before its
     * leader is known gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer with several requests in
     * flight can then be stuck on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
     */
    public static void createIfMissing(KafkaConnection connection, String topic, int partitions) {
        try (Admin admin = admin(connection)) {
            create(admin, new NewTopic(topic, Optional.of(partitions), Optional.empty()));
            awaitLeaders(admin, topic);
        }
    }

    /**
     * Creates each topic the service publishes to unless it exists, as the broker's auto-creation would
     * (its {@code num.partitions} and {@code default.replication.factor}), and returns once every partition
     * has a leader. Throws, naming the topic and the remedy, when the service may not create it.
     */
    public static void createOutboundIfMissing(KafkaConnection connection, Collection<String> topics) {
        try (Admin admin = admin(connection)) {
            for (String topic : topics) {
                if (describe(admin, topic).isEmpty()) {
                    createOutbound(admin, connection, topic);
                }
                awaitLeaders(admin, topic);
            }
        }
    }

    private static void createOutbound(Admin admin, KafkaConnection connection, String topic) {
        try {
            create(admin, new NewTopic(topic, Optional.empty(), Optional.empty()));
            LOG.info("Created the topic {} with the broker's default partitions and replication", topic);
        } catch (IllegalStateException refused) {
            if (refused.getCause() instanceof AuthorizationException) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + connection.bootstrapServers()
                        + " and this service may not create it (" + refused.getCause().getMessage() + "): create it, or "
                        + "grant the service's principal CREATE on it", refused.getCause());
            }
            throw refused;
        }
    }

    private static void awaitLeaders(Admin admin, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<TopicDescription> description = describe(admin, topic);
            if (description.isPresent() && description.get().partitions().stream().allMatch(info -> info.leader() != null
                    && !info.leader().isEmpty())) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                throw unreachable(interrupted);
            }
        }
        throw new IllegalStateException("topic '" + topic + "' has partitions without a leader after "
                + TIMEOUT_SECONDS + " s");
    }

    /**
     * Checks access and the events topic, and creates the dead-letter topic when missing, sized to
     * hold whatever the events topic holds. Returns the size a dead letter may have: the larger of the
     * events topic's {@code max.message.bytes} and the listener's own limit, with room for the headers.
     */
    static int prepare(KafkaListenerSettings settings) {
        try (Admin admin = admin(settings.connection())) {
            KafkaAccessCheck.verify(admin, settings.connection());
            String topic = settings.topic().value();
            TopicDescription events = describe(admin, topic).orElseThrow(() -> new IllegalStateException(
                    "topic '" + topic + "' does not exist on " + settings.connection().bootstrapServers()
                            + ": create it, or set EVENTS_TOPIC to the topic the events are published to"));
            int largest = Math.max(maxMessageBytes(admin, topic), settings.maxRecordBytes()) + HEADER_ROOM_BYTES;
            String deadLetters = DeadLetterTopic.nameFor(topic);
            if (describe(admin, deadLetters).isEmpty()) {
                create(admin, new NewTopic(deadLetters, Optional.of(events.partitions().size()), Optional.empty())
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(largest))));
                LOG.info("Created the dead-letter topic {} for records of up to {} bytes", deadLetters, largest);
            } else {
                int deadLetterLimit = maxMessageBytes(admin, deadLetters);
                if (deadLetterLimit < largest) {
                    LOG.warn("The dead-letter topic {} holds records of up to {} bytes, the events topic's up to {}: a "
                            + "larger record is dead-lettered as a reference to its offset, without its value. Raise the "
                            + "dead-letter topic's max.message.bytes to keep such values whole", deadLetters,
                            deadLetterLimit, largest);
                }
            }
            return largest;
        }
    }

    /** The topic's effective {@code max.message.bytes}: its own, or the broker's default. */
    private static int maxMessageBytes(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            return Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
        } catch (ExecutionException failed) {
            throw new IllegalStateException("could not read the configuration of topic '" + topic + "': "
                    + failed.getCause().getMessage(), failed.getCause());
        } catch (TimeoutException | InterruptedException unreachable) {
            throw unreachable(unreachable);
        }
    }

    static Admin admin(KafkaConnection connection) {
        return Admin.create(connection.adminConfig());
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic));
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("could not describe topic '" + topic + "': " + failed.getCause().getMessage(),
                    failed.getCause());
        } catch (TimeoutException | InterruptedException unreachable) {
            throw unreachable(unreachable);
        }
    }

    private static void create(Admin admin, NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            if (!(failed.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic '" + topic.name() + "': "
                        + failed.getCause().getMessage(), failed.getCause());
            }
        } catch (TimeoutException | InterruptedException unreachable) {
            throw unreachable(unreachable);
        }
    }

    static IllegalStateException unreachable(Exception cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS
                + " s: check that the bootstrap servers are right and reachable", cause);
    }
}
