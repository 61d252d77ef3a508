package dev.eventidempotency.adapter.kafka.cloudevents;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The marks the CloudEvents Kafka protocol binding puts on a record, in its binary and its structured mode. */
final class CloudEventsBinding {

    static final String CONTENT_TYPE = "content-type";
    /** Binary mode: each attribute is a header {@code ce_<name>}, the data is the value. */
    static final String ATTRIBUTE_PREFIX = "ce_";
    /** Structured mode: the whole event is the value, in a format named by this content type. */
    static final String STRUCTURED_JSON = "application/cloudevents+json";
    private static final String STRUCTURED_PREFIX = "application/cloudevents";

    private CloudEventsBinding() {
    }

    /** True when the record has a mark of either mode: it was meant as a CloudEvent, whatever else is wrong with it. */
    static boolean marks(ConsumerRecord<byte[], byte[]> record) {
        Header contentType = record.headers().lastHeader(CONTENT_TYPE);
        boolean structured = contentType != null && contentType.value() != null
                && isStructured(new String(contentType.value(), StandardCharsets.UTF_8));
        return structured || hasAttributeHeader(record);
    }

    /** A structured mode's content type, in any event format ({@code +json}, {@code +avro}, {@code -batch+json}...). */
    static boolean isStructured(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_PREFIX);
    }

    static boolean hasAttributeHeader(ConsumerRecord<byte[], byte[]> record) {
        for (Header header : record.headers()) {
            if (isAttributeHeader(header.key())) {
                return true;
            }
        }
        return false;
    }

    /** As the SDK reads them: {@code ce_} and a name, case-sensitively, as the binding writes them. */
    static boolean isAttributeHeader(String key) {
        return key.length() > ATTRIBUTE_PREFIX.length() && key.startsWith(ATTRIBUTE_PREFIX);
    }
}
