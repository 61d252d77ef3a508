package dev.eventidempotency.adapter.kafka;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record's headers as a propagator's carrier, UTF-8 text: read by the consumer's spans, written by
 * the event publisher's. The last value of a repeated header wins, as Kafka's own clients do; writing
 * one replaces it.
 */
public enum KafkaHeaders implements TextMapGetter<Headers>, TextMapSetter<Headers> {
    CARRIER;

    @Override
    public Iterable<String> keys(Headers headers) {
        return StreamSupport.stream(headers.spliterator(), false).map(Header::key).distinct().toList();
    }

    @Override
    public String get(Headers headers, String key) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void set(Headers headers, String key, String value) {
        if (headers != null) {
            headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
