package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a stream's records at a steady rate, as a quiet topic receives them, so that each poll
 * brings only the few records that arrived since the last: what gathering (flow i) is for.
 */
final class TricklePublisher implements Runnable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final DemoEventStream stream;
    private final KafkaConnection connection;
    private final String topic;
    private final int perSecond;

    TricklePublisher(DemoEventStream stream, KafkaConnection connection, String topic, int perSecond) {
        this.stream = stream;
        this.connection = connection;
        this.topic = topic;
        this.perSecond = perSecond;
    }

    @Override
    public void run() {
        List<DemoEventStream.Event> records = stream.records();
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(connection, OrderedPublisher.DEFAULT_MAX_REQUEST_BYTES)) {
            long start = System.nanoTime();
            int sent = 0;
            while (sent < records.size()) {
                long due = Math.min(records.size(), (System.nanoTime() - start) * perSecond / 1_000_000_000L);
                for (; sent < due; sent++) {
                    DemoEventStream.Event event = records.get(sent);
                    producer.send(new ProducerRecord<>(topic, event.userId().getBytes(StandardCharsets.UTF_8), event.value()));
                }
                producer.flush();
                TimeUnit.NANOSECONDS.sleep(TICK_NANOS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
