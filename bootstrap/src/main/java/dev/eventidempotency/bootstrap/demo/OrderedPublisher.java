package dev.eventidempotency.bootstrap.demo;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer the demo, the benchmark and the tests publish with: acknowledged by all replicas, in order. */
public final class OrderedPublisher {

    private OrderedPublisher() {
    }

    /**
     * One request in flight: on a topic created a moment ago the first batch may meet
     * NOT_LEADER_OR_FOLLOWER, and with later batches in flight the idempotent producer was seen
     * retrying them as OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
     */
    public static Producer<byte[], byte[]> to(String bootstrapServers, int maxRequestBytes) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** With Kafka's default request size (1 MiB). */
    public static Producer<byte[], byte[]> to(String bootstrapServers) {
        return to(bootstrapServers, 1_048_576);
    }
}
