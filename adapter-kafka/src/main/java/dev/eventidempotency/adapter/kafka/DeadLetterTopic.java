package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.domain.idempotency.ServiceName;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code <topic>.DLT}: where a record that can never be processed goes, byte for byte, with headers
 * that say where it came from and why it was set aside: it could not be decoded, the database
 * rejected its effects, or it failed too often. Nothing is dropped: a record too large to be written
 * whole (a compressed record, a dead-letter topic sized smaller) is written as a reference, the
 * headers without the key and value, with {@link #ORIGINAL_VALUE_BYTES}; the original stays in its
 * topic at the offset the headers give, for its retention. Either way the dead letter carries the
 * original's W3C trace context ({@code traceparent}, {@code tracestate}) on, so it stays in its trace.
 */
public final class DeadLetterTopic {

    public static final String SUFFIX = ".DLT";
    public static final String ORIGINAL_TOPIC = "dlt.original.topic";
    public static final String ORIGINAL_PARTITION = "dlt.original.partition";
    public static final String ORIGINAL_OFFSET = "dlt.original.offset";
    public static final String ERROR_CLASS = "dlt.error.class";
    public static final String REASON = "dlt.reason";
    public static final String REASON_CODE = "dlt.reason.code";
    public static final String SERVICE = "dlt.service";
    /** Only on a reference: the size of the value that could not be written. */
    public static final String ORIGINAL_VALUE_BYTES = "dlt.original.value.bytes";
    /** The W3C trace context headers, copied onto a reference too. */
    static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");

    private final Producer<byte[], byte[]> producer;
    private final ServiceName service;

    public DeadLetterTopic(Producer<byte[], byte[]> producer, ServiceName service) {
        this.producer = producer;
        this.service = service;
    }

    public static String nameFor(String topic) {
        return topic + SUFFIX;
    }

    /**
     * Returns once the broker has acknowledged the record, so the caller may commit past it. A
     * failure propagates: the original offset is then not committed and the record is tried again.
     */
    public void publish(ConsumerRecord<byte[], byte[]> original, DeadLetterReason code, String reason, Throwable error) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        addOrigin(headers, original, code, reason, error);
        try {
            send(new ProducerRecord<>(nameFor(original.topic()), null, original.key(), original.value(), headers));
        } catch (RecordTooLargeException tooLarge) {
            Headers reference = new RecordHeaders();
            for (String trace : TRACE_HEADERS) {
                Header header = original.headers().lastHeader(trace);
                if (header != null) {
                    reference.add(header);
                }
            }
            addOrigin(reference, original, DeadLetterReason.TOO_LARGE, reason + "; too large to be dead-lettered whole ("
                    + tooLarge.getMessage() + "), so this is a reference to the original", error);
            reference.add(ORIGINAL_VALUE_BYTES, utf8(Integer.toString(original.serializedValueSize())));
            send(new ProducerRecord<>(nameFor(original.topic()), null, (byte[]) null, new byte[0], reference));
        }
    }

    private void addOrigin(Headers headers, ConsumerRecord<byte[], byte[]> original, DeadLetterReason code, String reason,
            Throwable error) {
        headers.add(ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        headers.add(ERROR_CLASS, utf8(error == null ? "" : error.getClass().getName()));
        headers.add(REASON, utf8(reason));
        headers.add(REASON_CODE, utf8(code.code()));
        headers.add(SERVICE, utf8(service.value()));
    }

    private void send(ProducerRecord<byte[], byte[]> deadLetter) {
        try {
            producer.send(deadLetter).get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptException(interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RecordTooLargeException tooLarge) {
                throw tooLarge;
            }
            throw new IllegalStateException("could not dead-letter " + headerOf(deadLetter, ORIGINAL_TOPIC) + "-"
                    + headerOf(deadLetter, ORIGINAL_PARTITION) + "@" + headerOf(deadLetter, ORIGINAL_OFFSET) + ": "
                    + failed.getCause().getMessage(), failed.getCause());
        }
    }

    private static String headerOf(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
