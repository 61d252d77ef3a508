package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * A record larger than the dead-letter producer's default request (1 MiB) on a topic that holds it:
 * it leaves its partition, whole when the dead-letter topic can hold it, else as a reference to its
 * offset. Before, its partition retried the dead letter forever and nothing behind it was processed.
 */
class OversizedRecordIT extends EndToEndTest {

    private static final int TOPIC_HOLDS_BYTES = 3 * 1024 * 1024;
    private static final int RECORD_BYTES = 2 * 1024 * 1024;
    private static final String GOOD = """
            {"eventId":"%s","type":"UserCreated","occurredAt":"2026-11-28T10:00:00Z",
             "payload":{"userId":"%s","email":"%s@example.org","name":"Good"}}""";

    @Test
    void aTwoMegabyteRecordOnATopicThatHoldsThreeIsDeadLetteredWholeAndThePartitionMovesOn() throws Exception {
        String topic = topicHolding(TOPIC_HOLDS_BYTES);
        publishGoodLargeGood(topic);

        try (RunningService service = RunningService.start("user-service", topic, db)) {
            service.awaitAccountedFor(3);
            assertThat(service.statistics().processed()).isEqualTo(2);
        }

        ConsumerRecord<byte[], byte[]> deadLetter = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 1).get(0);
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.REASON_CODE)).isEqualTo("too-large");
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(deadLetter.value()).hasSize(RECORD_BYTES);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 3L));
    }

    @Test
    void aRecordTheDeadLetterTopicCannotHoldIsDeadLetteredAsAReferenceToItsOffset() throws Exception {
        String topic = topicHolding(TOPIC_HOLDS_BYTES);
        createTopic(DeadLetterTopic.nameFor(topic), 1024 * 1024);
        publishGoodLargeGood(topic);

        try (RunningService service = RunningService.start("user-service", topic, db)) {
            service.awaitAccountedFor(3);
            assertThat(service.statistics().processed()).isEqualTo(2);
        }

        ConsumerRecord<byte[], byte[]> reference = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 1).get(0);
        assertThat(TestKafka.header(reference, DeadLetterTopic.REASON_CODE)).isEqualTo("too-large");
        assertThat(TestKafka.header(reference, DeadLetterTopic.ORIGINAL_TOPIC)).isEqualTo(topic);
        assertThat(TestKafka.header(reference, DeadLetterTopic.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(TestKafka.header(reference, DeadLetterTopic.ORIGINAL_VALUE_BYTES)).isEqualTo(Integer.toString(RECORD_BYTES));
        assertThat(TestKafka.header(reference, DeadLetterTopic.REASON)).contains("a reference to the original");
        assertThat(reference.value()).isEmpty();
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 3L));
    }

    private static void publishGoodLargeGood(String topic) {
        byte[] large = new byte[RECORD_BYTES];
        Arrays.fill(large, (byte) 'x');
        TestKafka.publish(topic, TOPIC_HOLDS_BYTES, List.of(
                utf8(GOOD.formatted("good-1", "00000000-0000-4000-8000-000000000001", "one")), large,
                utf8(GOOD.formatted("good-2", "00000000-0000-4000-8000-000000000002", "two"))));
    }

    private static String topicHolding(int maxMessageBytes) throws Exception {
        String topic = "oversized-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic, maxMessageBytes);
        return topic;
    }

    private static void createTopic(String topic, int maxMessageBytes) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes))))).all().get();
        }
        // Exists now; this returns once its partition has a leader.
        KafkaTopics.createIfMissing(KafkaConnection.to(TestKafka.bootstrapServers()), topic, 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
