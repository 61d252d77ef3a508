package dev.eventidempotency.bootstrap.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A realistic stream of {@code UserCreated} events in which some are sent again, as a producer
 * retry would send them: the same event id, key and payload, a few records later on the same partition.
 */
public final class DemoEventStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESEND_DISTANCE = 50;

    /** One record to publish: key = user id, value = the JSON event. */
    public record Event(String eventId, String userId, byte[] value) {
    }

    private final List<Event> records;
    private final int distinct;

    private DemoEventStream(List<Event> records, int distinct) {
        this.records = records;
        this.distinct = distinct;
    }

    /** {@code total} records of which {@code duplicates} re-send an earlier one; the seed makes it repeatable. */
    public static DemoEventStream of(int total, int duplicates, long seed) {
        if (duplicates < 0 || duplicates >= total) {
            throw new IllegalArgumentException("duplicates must be between 0 and total - 1, was " + duplicates);
        }
        Random random = new Random(seed);
        int distinct = total - duplicates;
        List<Event> originals = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            originals.add(userCreated(new UUID(random.nextLong(), random.nextLong()), i));
        }
        List<List<Event>> resentAfter = new ArrayList<>(distinct);
        originals.forEach(event -> resentAfter.add(new ArrayList<>()));
        for (int i = 0; i < duplicates; i++) {
            int original = random.nextInt(distinct);
            int resendSlot = Math.min(distinct - 1, original + random.nextInt(MAX_RESEND_DISTANCE));
            resentAfter.get(resendSlot).add(originals.get(original));
        }
        List<Event> records = new ArrayList<>(total);
        for (int i = 0; i < distinct; i++) {
            records.add(originals.get(i));
            records.addAll(resentAfter.get(i));
        }
        return new DemoEventStream(List.copyOf(records), distinct);
    }

    public List<Event> records() {
        return records;
    }

    public int distinct() {
        return distinct;
    }

    /** Publishes every record and waits until the broker has acknowledged all of them. */
    public void publishTo(String bootstrapServers, String topic) {
        publishTo(KafkaConnection.to(bootstrapServers), topic);
    }

    /** As {@link #publishTo(String, String)}, through the operator's connection settings (SASL, TLS, ...). */
    public void publishTo(KafkaConnection connection, String topic) {
        publishTo(connection, topic, event -> event.userId().getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #publishTo(KafkaConnection, String)}, each record keyed by {@code keyOf} instead of its user. */
    public void publishTo(KafkaConnection connection, String topic, Function<Event, byte[]> keyOf) {
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(connection, OrderedPublisher.DEFAULT_MAX_REQUEST_BYTES)) {
            List<Future<?>> acknowledgements = new ArrayList<>(records.size());
            for (Event event : records) {
                acknowledgements.add(producer.send(new ProducerRecord<>(topic, keyOf.apply(event), event.value())));
            }
            for (Future<?> acknowledgement : acknowledgements) {
                acknowledgement.get();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", interrupted);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("publishing failed: " + failed.getCause().getMessage(), failed.getCause());
        }
    }

    /** One {@code UserCreated} event for the user, the {@code sequence}-th of a stream (its time and address). */
    public static Event userCreated(UUID userId, int sequence) {
        String eventId = UUID.nameUUIDFromBytes(("UserCreated/" + userId).getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode event = JSON.createObjectNode()
                .put("eventId", eventId)
                .put("type", "UserCreated")
                .put("occurredAt", Instant.parse("2026-11-28T09:00:00Z").plusSeconds(sequence).toString());
        event.putObject("payload")
                .put("userId", userId.toString())
                .put("email", "user" + sequence + "@example.org")
                .put("name", "User " + sequence);
        return new Event(eventId, userId.toString(), event.toString().getBytes(StandardCharsets.UTF_8));
    }
}
