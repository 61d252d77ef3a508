package dev.eventidempotency.adapter.kafka.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.EventDecoder;
import dev.eventidempotency.adapter.kafka.OrderingKeys;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the JSON envelope every event shares and hands its payload to the reader of its type:
 * <pre>{"eventId": "...", "type": "<a key of the readers map>", "occurredAt": "2026-11-28T10:15:30Z", "payload": {...}}</pre>
 * Every way a record can be wrong ends in an {@link UndecodableRecordException} naming the field.
 */
public final class JsonEventDecoder<P> implements EventDecoder<P> {

    private final Map<String, PayloadReader<? extends P>> readersByType;

    public JsonEventDecoder(Map<String, PayloadReader<? extends P>> readersByType) {
        this.readersByType = Map.copyOf(readersByType);
    }

    @Override
    public IncomingEvent<P> decode(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        JsonNode envelope = parse(record.value());
        EventId id = eventId(envelope);
        String type = requiredText(envelope, "type");
        PayloadReader<? extends P> reader = readersByType.get(type);
        if (reader == null) {
            throw new UndecodableRecordException("unknown event type '" + type + "', expected one of "
                    + readersByType.keySet().stream().sorted().toList());
        }
        Instant occurredAt = occurredAt(envelope);
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new UndecodableRecordException("payload must be a JSON object");
        }
        try {
            return new IncomingEvent<>(id, new TopicName(record.topic()), occurredAt, reader.read(payload),
                    StrictJson.fingerprint(type, payload), OrderingKeys.of(record));
        } catch (IllegalArgumentException | NullPointerException brokenRule) {
            throw new UndecodableRecordException("payload of " + type + ": " + brokenRule.getMessage(), brokenRule);
        }
    }

    private static JsonNode parse(byte[] value) throws UndecodableRecordException {
        if (value == null) {
            throw new UndecodableRecordException("the record has no value (a tombstone), expected a JSON event");
        }
        return StrictJson.parseObject(value, "the value");
    }

    private static EventId eventId(JsonNode envelope) throws UndecodableRecordException {
        String text = requiredText(envelope, "eventId");
        try {
            return new EventId(text);
        } catch (IllegalArgumentException invalid) {
            throw new UndecodableRecordException("eventId: " + invalid.getMessage(), invalid);
        }
    }

    private static Instant occurredAt(JsonNode envelope) throws UndecodableRecordException {
        String text = requiredText(envelope, "occurredAt");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            throw new UndecodableRecordException(
                    "occurredAt must be an ISO-8601 instant such as 2026-11-28T10:15:30Z, was '" + text + "'", notIso);
        }
    }

    private static String requiredText(JsonNode envelope, String field) throws UndecodableRecordException {
        JsonNode node = envelope.get(field);
        if (node == null || node.isNull()) {
            throw new UndecodableRecordException(field + " is missing");
        }
        if (!node.isTextual()) {
            throw new UndecodableRecordException(field + " must be a string, was " + node.getNodeType());
        }
        return node.textValue();
    }
}
