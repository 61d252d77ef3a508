package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's records on a topic, held back in one open Kafka transaction until {@link #release()}
 * commits it. The service reads {@code read_committed}, so a group can start, join and settle on an
 * apparently empty topic, and then meet all the records at once: no member starts before the others,
 * and no rebalance falls inside the measurement.
 */
final class HeldRecords implements AutoCloseable {

    /** Long enough for the instances to start and their group to settle; the broker's ceiling is 15 minutes. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

    private final Producer<byte[], byte[]> producer;
    private final Map<Integer, Long> nextOffsets;
    private boolean released;

    private HeldRecords(Producer<byte[], byte[]> producer, Map<Integer, Long> nextOffsets) {
        this.producer = producer;
        this.nextOffsets = nextOffsets;
    }

    /** Sends every record of {@code stream}, keyed by its user as {@link DemoEventStream} keys them, and waits for the acks. */
    static HeldRecords publish(DemoEventStream stream, KafkaConnection connection, String topic, String transactionalId)
            throws InterruptedException {
        Producer<byte[], byte[]> producer = new KafkaProducer<>(connection.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // One request in flight, as OrderedPublisher sends: see there why.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        try {
            producer.initTransactions();
            producer.beginTransaction();
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(stream.records().size());
            for (DemoEventStream.Event event : stream.records()) {
                acknowledgements.add(producer.send(new ProducerRecord<>(topic,
                        event.userId().getBytes(StandardCharsets.UTF_8), event.value())));
            }
            Map<Integer, Long> nextOffsets = new HashMap<>();
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                RecordMetadata written = acknowledgement.get();
                nextOffsets.merge(written.partition(), written.offset() + 1, Math::max);
            }
            return new HeldRecords(producer, Map.copyOf(nextOffsets));
        } catch (ExecutionException failed) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("publishing failed: " + failed.getCause().getMessage(), failed.getCause());
        } catch (RuntimeException | InterruptedException failed) {
            producer.close(Duration.ZERO);
            throw failed;
        }
    }

    /**
     * Per partition, the offset after its last record: a consumer that has committed it has finished the
     * partition. (The transaction's commit marker comes after it; the end offset counts that too.)
     */
    Map<Integer, Long> nextOffsets() {
        return nextOffsets;
    }

    /** Commits the transaction: every record becomes visible to {@code read_committed} consumers at once. */
    void release() {
        producer.commitTransaction();
        released = true;
    }

    /** Aborts the transaction if it was never released, so no later reader sees its records. */
    @Override
    public void close() {
        if (!released) {
            try {
                producer.abortTransaction();
            } catch (KafkaException unabortable) {
                // The broker aborts it itself when its timeout runs out.
            }
        }
        producer.close(Duration.ofSeconds(10));
    }
}
