package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's records again, keyed by account instead of by user: Zipf-distributed (exponent 1) over
 * {@code accounts} keys, so a few keys are hot, as in a busy topic, and key-ordered lanes meet the same key
 * often. A re-sent event keeps its original's key, as a producer's retry would.
 */
final class ZipfKeys {

    private final double[] cumulative;
    private final Random random;

    ZipfKeys(int accounts, long seed) {
        cumulative = new double[accounts];
        double sum = 0;
        for (int rank = 1; rank <= accounts; rank++) {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }
        random = new Random(seed);
    }

    /** The share of records the hottest key gets: 1 / H(accounts). */
    double hottestShare() {
        return 1.0 / cumulative[cumulative.length - 1];
    }

    void publish(DemoEventStream stream, KafkaConnection connection, String topic) {
        Map<String, byte[]> keyOfEvent = new HashMap<>();
        stream.publishTo(connection, topic, event -> keyOfEvent.computeIfAbsent(event.eventId(), ignored -> next()));
    }

    private byte[] next() {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return ("account-" + (low + 1)).getBytes(StandardCharsets.UTF_8);
    }
}
