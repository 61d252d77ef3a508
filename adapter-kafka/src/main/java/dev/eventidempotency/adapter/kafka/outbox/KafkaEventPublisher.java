package dev.eventidempotency.adapter.kafka.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.application.outbox.port.out.EventPublisher;
import dev.eventidempotency.application.outbox.port.out.NotSentException;
import dev.eventidempotency.application.outbox.port.out.Pending;
import dev.eventidempotency.application.outbox.port.out.SendResult;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The event outbox's sender: publishes an event to its topic, keyed by its key, in the envelope this
 * template's consumer reads ({@code eventId}, {@code type}, {@code occurredAt}, {@code payload}), so a
 * service built from it consumes the event with the same inbox. Returns once every in-sync replica
 * has it ({@code acks=all}); the producer is idempotent, so its own retries add no copy. A copy the
 * relay sends again (it died after the broker's acknowledgement and before the row was marked sent)
 * carries the same event id and the same bytes, and the downstream ledger skips it.
 *
 * <p>A batch is handed to the producer whole and only then waited for, so its records travel together;
 * it holds at most one event of a key (the outbox's claim), so no order is at stake within it. Every wait
 * is bounded, so a broker that is away makes a batch fail within {@link #longestSend()}, and the relay
 * backs off: the events wait in the outbox, consumption goes on.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Added to the producer's own bounds for the lease: the relay's transactions around a send. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final Duration longestHandOver;
    private final Duration longestSend;
    private final PublishSpans spans;

    /**
     * @param longestHandOver the producer's {@code max.block.ms}: how long one {@code send} may block
     * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: how long a record handed over
     *                        may wait for its acknowledgement
     */
    KafkaEventPublisher(Producer<byte[], byte[]> producer, Duration longestHandOver, Duration deliveryTimeout,
            OpenTelemetry openTelemetry) {
        this.producer = producer;
        this.longestHandOver = longestHandOver;
        // Handing over stops once longestHandOver has passed, but the last hand-over may itself block that long.
        this.longestSend = longestHandOver.multipliedBy(2).plus(deliveryTimeout);
        this.spans = new PublishSpans(openTelemetry);
    }

    /** Untraced: a record carries the trace stored with its event, and no span of this service. */
    public static KafkaEventPublisher connect(KafkaConnection connection, ServiceName service) {
        return connect(connection, service, OpenTelemetry.noop());
    }

    /**
     * A publisher with its own producer: idempotent, {@code acks=all}, every wait bounded; each publish
     * a span of {@code openTelemetry}'s in the trace stored with the event, passed on in the record.
     */
    public static KafkaEventPublisher connect(KafkaConnection connection, ServiceName service,
            OpenTelemetry openTelemetry) {
        Map<String, Object> bounds = new HashMap<>(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000));
        if (connection.clientProperties().containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)
                || connection.clientProperties().containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
            // Kafka refuses a delivery timeout below linger + request timeout: it derives its own then.
            bounds.remove(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        }
        Map<String, Object> config = connection.producerConfig(bounds, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, service.value() + "-event-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return new KafkaEventPublisher(new KafkaProducer<>(config), millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000),
                millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000), openTelemetry);
    }

    /**
     * How long the relay leases a batch of events: longer than sending it can take (the producer's waits
     * for metadata and its delivery timeout), so no second relay publishes one while this one still waits.
     */
    public Duration lease() {
        return longestSend.plus(LEASE_MARGIN);
    }

    Duration longestSend() {
        return longestSend;
    }

    @Override
    public void send(OutgoingEvent event, TraceContext trace) {
        ProducerRecord<byte[], byte[]> record = record(event);
        Span span = spans.start(event, trace, record);
        Optional<RuntimeException> failure = acknowledgement(span, handOver(record)).failure();
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    /**
     * Hands every record to the producer, then waits for each acknowledgement. A record not handed over
     * within {@code max.block.ms} of the batch's start is not handed over at all: it fails as a broker out
     * of reach would, so a broker that blocks every hand-over costs the batch one such wait, not one each.
     */
    @Override
    public List<SendResult> sendAll(List<? extends Pending<OutgoingEvent, ?>> batch) {
        long handOverUntil = System.nanoTime() + longestHandOver.toNanos();
        List<Span> started = new ArrayList<>(batch.size());
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(batch.size());
        for (Pending<OutgoingEvent, ?> pending : batch) {
            ProducerRecord<byte[], byte[]> record = record(pending.message());
            started.add(spans.start(pending.message(), pending.trace(), record));
            acknowledgements.add(System.nanoTime() - handOverUntil < 0 ? handOver(record)
                    : CompletableFuture.failedFuture(new TimeoutException("not handed to the producer within "
                            + longestHandOver + " of the batch's start")));
        }
        List<SendResult> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            results.add(acknowledgement(started.get(i), acknowledgements.get(i)));
        }
        return results;
    }

    private Future<RecordMetadata> handOver(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** Waits for the broker's answer, bounded by the producer's delivery timeout, and ends the record's span. */
    private static SendResult acknowledgement(Span span, Future<RecordMetadata> acknowledgement) {
        try {
            PublishSpans.acknowledged(span, acknowledgement.get());
            return SendResult.ACCEPTED;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return SendResult.failed(failed(span,
                    NotSentException.serverUnavailable("interrupted while waiting for the broker", interrupted)));
        } catch (ExecutionException failed) {
            return SendResult.failed(failed(span, classified(failed.getCause())));
        } finally {
            span.end();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(OutgoingEvent event) {
        return new ProducerRecord<>(event.topic().value(), event.key().getBytes(StandardCharsets.UTF_8), envelope(event));
    }

    private static NotSentException failed(Span span, NotSentException notSent) {
        PublishSpans.failed(span, notSent);
        return notSent;
    }

    /** The envelope, the same bytes on every send: the payload's fields are in name order. */
    static byte[] envelope(OutgoingEvent event) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("eventId", event.id().value());
        envelope.put("type", event.type());
        envelope.put("occurredAt", event.occurredAt().toString());
        ObjectNode payload = envelope.putObject("payload");
        event.payload().forEach(payload::put);
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a tree of text fields is always writable", impossible);
        }
    }

    private static NotSentException classified(Throwable failure) {
        String reason = "the broker did not take the event: " + failure;
        if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidTopicException) {
            return NotSentException.permanent(reason, failure);
        }
        // A broker out of reach or a refused login or topic: every event would fail so, until it is fixed.
        if (failure instanceof RetriableException || failure instanceof AuthenticationException
                || failure instanceof AuthorizationException) {
            return NotSentException.serverUnavailable(reason, failure);
        }
        return NotSentException.temporary(reason, failure);
    }

    private static Duration millis(Map<String, Object> config, String property, long kafkaDefault) {
        Object value = config.get(property);
        return Duration.ofMillis(value == null ? kafkaDefault : Long.parseLong(value.toString()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
