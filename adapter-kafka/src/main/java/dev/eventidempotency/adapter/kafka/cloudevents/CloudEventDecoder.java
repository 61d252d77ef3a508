package dev.eventidempotency.adapter.kafka.cloudevents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.EventDecoder;
import dev.eventidempotency.adapter.kafka.OrderingKeys;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.adapter.kafka.Utf8Text;
import dev.eventidempotency.adapter.kafka.json.PayloadReader;
import dev.eventidempotency.adapter.kafka.json.StrictJson;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decodes a record of the CloudEvents Kafka protocol binding, binary mode ({@code ce_*} headers, the
 * data in the value) or structured mode (the event as {@code application/cloudevents+json}), with the
 * CloudEvents SDK, and hands its data, a JSON object, to the reader of its {@code type}. The ledger key
 * is {@link CloudEventKey}; {@code time}, optional in CloudEvents, falls back to the record's timestamp.
 * Every way a record can be wrong ends in an {@link UndecodableRecordException} naming the attribute.
 */
public final class CloudEventDecoder<P> implements EventDecoder<P> {

    private static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");

    private final Map<String, PayloadReader<? extends P>> readersByType;

    /** {@code readersByType}: the CloudEvents {@code type} each reader reads, matched exactly. */
    public CloudEventDecoder(Map<String, PayloadReader<? extends P>> readersByType) {
        this.readersByType = Map.copyOf(readersByType);
    }

    @Override
    public IncomingEvent<P> decode(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        CloudEvent event = read(record);
        EventId id = CloudEventKey.of(event.getSource(), event.getId());
        String type = event.getType();
        PayloadReader<? extends P> reader = readersByType.get(type);
        if (reader == null) {
            throw new UndecodableRecordException("unknown event type '" + type + "', expected one of "
                    + readersByType.keySet().stream().sorted().toList());
        }
        Instant occurredAt = occurredAt(event, record);
        JsonNode data = data(event);
        try {
            return new IncomingEvent<>(id, new TopicName(record.topic()), occurredAt, reader.read(data),
                    StrictJson.fingerprint(type, data), OrderingKeys.of(record));
        } catch (IllegalArgumentException | NullPointerException brokenRule) {
            throw new UndecodableRecordException("data of " + type + ": " + brokenRule.getMessage(), brokenRule);
        }
    }

    private static CloudEvent read(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        requireWellFormedHeaders(record);
        try {
            MessageReader message = readerOf(record);
            if (message.getEncoding() == Encoding.STRUCTURED) {
                requireAttributes(structuredEvent(record.value()));
            } else {
                requireAttributeHeaders(record);
            }
            return message.toEvent();
        } catch (EventDeserializationException invalid) {
            // Jackson's own words, without the location it appends: the structured value is in the dead letter.
            String reason = invalid.getCause() instanceof JacksonException jackson ? jackson.getOriginalMessage()
                    : invalid.getMessage();
            throw new UndecodableRecordException("not a valid CloudEvent: " + reason, invalid);
        } catch (CloudEventRWException | IllegalStateException | IllegalArgumentException invalid) {
            throw new UndecodableRecordException("not a valid CloudEvent: " + invalid.getMessage(), invalid);
        }
    }

    /** Binary or structured, as the SDK tells them apart; a record it reads as neither is told why. */
    private static MessageReader readerOf(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        try {
            return KafkaMessageFactory.createReader(record);
        } catch (CloudEventRWException unread) {
            if (unread.getKind() == CloudEventRWException.CloudEventRWExceptionKind.UNKNOWN_ENCODING) {
                throw new UndecodableRecordException(whyNoCloudEvent(record), unread);
            }
            throw unread;
        }
    }

    /**
     * The headers the binding reads are each present once, with UTF-8 text: the SDK would take the last of
     * two {@code ce_id} headers, and decode bytes that are not UTF-8 leniently, so that two ids could meet.
     */
    private static void requireWellFormedHeaders(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        Set<String> seen = new HashSet<>();
        for (Header header : record.headers()) {
            String key = header.key();
            if (!key.equals(CloudEventsBinding.CONTENT_TYPE) && !CloudEventsBinding.isAttributeHeader(key)) {
                continue;
            }
            if (!seen.add(key)) {
                throw new UndecodableRecordException("header " + key + " appears more than once");
            }
            if (header.value() == null) {
                throw new UndecodableRecordException("header " + key + " has no value");
            }
            Utf8Text.decode(header.value(), "header " + key);
        }
    }

    /** Parsed as strictly as the native envelope (limits, no duplicate field) before the SDK reads it. */
    private static JsonNode structuredEvent(byte[] value) throws UndecodableRecordException {
        if (value == null) {
            throw new UndecodableRecordException("the record has no value (a tombstone), expected a CloudEvent");
        }
        return StrictJson.parseObject(value, "the value");
    }

    private static void requireAttributes(JsonNode event) throws UndecodableRecordException {
        for (String attribute : REQUIRED) {
            JsonNode value = event.get(attribute);
            if (value == null || value.isNull()) {
                throw new UndecodableRecordException(attribute + " is missing");
            }
        }
    }

    private static void requireAttributeHeaders(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        for (String attribute : REQUIRED) {
            if (record.headers().lastHeader(CloudEventsBinding.ATTRIBUTE_PREFIX + attribute) == null) {
                throw new UndecodableRecordException(attribute + " is missing (no header "
                        + CloudEventsBinding.ATTRIBUTE_PREFIX + attribute + ")");
            }
        }
    }

    private static String whyNoCloudEvent(ConsumerRecord<byte[], byte[]> record) {
        Header contentType = record.headers().lastHeader(CloudEventsBinding.CONTENT_TYPE);
        String type = contentType == null ? null : new String(contentType.value(), StandardCharsets.UTF_8);
        if (type != null && CloudEventsBinding.isStructured(type)) {
            return "content-type '" + type + "' is no event format this service reads, expected "
                    + CloudEventsBinding.STRUCTURED_JSON;
        }
        if (CloudEventsBinding.hasAttributeHeader(record)) {
            return "specversion is missing (no header ce_specversion)";
        }
        return "not a CloudEvent: no header ce_specversion, and no content-type " + CloudEventsBinding.STRUCTURED_JSON;
    }

    private static Instant occurredAt(CloudEvent event, ConsumerRecord<byte[], byte[]> record)
            throws UndecodableRecordException {
        if (event.getTime() != null) {
            return event.getTime().toInstant();
        }
        if (record.timestamp() < 0) {
            throw new UndecodableRecordException("time is missing, and the record has no timestamp to take its place");
        }
        return Instant.ofEpochMilli(record.timestamp());
    }

    private static JsonNode data(CloudEvent event) throws UndecodableRecordException {
        String contentType = event.getDataContentType();
        if (contentType != null && !isJson(contentType)) {
            throw new UndecodableRecordException("datacontenttype '" + contentType
                    + "' is not JSON, expected application/json or a +json type");
        }
        CloudEventData data = event.getData();
        if (data == null) {
            throw new UndecodableRecordException("data is missing");
        }
        return StrictJson.parseObject(data.toBytes(), "data");
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.equals("text/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }
}
