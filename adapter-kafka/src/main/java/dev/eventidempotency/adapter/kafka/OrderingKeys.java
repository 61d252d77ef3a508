package dev.eventidempotency.adapter.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record's key as the ordering key of its event: the producer chose it to keep these records in order
 * (they share a partition for that reason), so events of one key must not overtake each other.
 */
public final class OrderingKeys {

    private OrderingKeys() {
    }

    /**
     * The key's bytes as ISO-8859-1 text, one character per byte: unlike UTF-8 every key decodes, and two
     * different keys never become one. A record without key has none, and so waits for all before it.
     */
    public static Optional<String> of(ConsumerRecord<byte[], byte[]> record) {
        return Optional.ofNullable(record.key()).map(key -> new String(key, StandardCharsets.ISO_8859_1));
    }
}
