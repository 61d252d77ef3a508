package dev.eventidempotency.bootstrap.local;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer the demo, the benchmark and the tests publish with: acknowledged by all replicas, in order. */
public final class OrderedPublisher {

    /** Kafka's default request size. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

    private OrderedPublisher() {
    }

    /**
     * One request in flight: on a topic created a moment ago the first batch may meet
     * NOT_LEADER_OR_FOLLOWER, and with later batches in flight the idempotent producer was seen
     * retrying them as OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
     */
    public static Producer<byte[], byte[]> to(KafkaConnection connection, int maxRequestBytes) {
        return new KafkaProducer<>(connection.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    public static Producer<byte[], byte[]> to(String bootstrapServers, int maxRequestBytes) {
        return to(KafkaConnection.to(bootstrapServers), maxRequestBytes);
    }

    /** With Kafka's default request size (1 MiB). */
    public static Producer<byte[], byte[]> to(String bootstrapServers) {
        return to(bootstrapServers, DEFAULT_MAX_REQUEST_BYTES);
    }
}
