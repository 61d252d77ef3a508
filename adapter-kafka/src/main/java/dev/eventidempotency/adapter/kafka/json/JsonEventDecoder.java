package dev.eventidempotency.adapter.kafka.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventidempotency.adapter.kafka.EventDecoder;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /** An event is an envelope holding a payload object; deeper nesting is an attack or a mistake. */
    public static final int MAX_NESTING_DEPTH = 16;
    /** Longer than any name, e-mail address or id an event carries, far below the record size limit. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** Field names are short words. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Big numbers cost time to parse; no event field needs more than a long's digits. */
    public static final int MAX_NUMBER_LENGTH = 32;

    // Jackson's own defaults are generous (nesting 500 or 1000, strings of 20 MB): set here so that the
    // parser stops at the first token past a limit, before anything grows with the input.
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build();

    // A tree, never a polymorphic binding: nothing in the input chooses a Java type. Sorted keys
    // make the written form canonical, so a fingerprint ignores key order and white space.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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
                    fingerprint(type, payload));
        } catch (IllegalArgumentException | NullPointerException brokenRule) {
            throw new UndecodableRecordException("payload of " + type + ": " + brokenRule.getMessage(), brokenRule);
        }
    }

    /** The type and the payload, not the envelope: a re-sent event may carry a new occurredAt. */
    private static PayloadFingerprint fingerprint(String type, JsonNode payload) {
        try {
            return PayloadFingerprint.of(type + "\n" + JSON.writeValueAsString(payload));
        } catch (JacksonException unwritable) {
            throw new IllegalStateException("a parsed JSON tree is always writable", unwritable);
        }
    }

    private static JsonNode parse(byte[] value) throws UndecodableRecordException {
        if (value == null) {
            throw new UndecodableRecordException("the record has no value (a tombstone), expected a JSON event");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new UndecodableRecordException("the value is not UTF-8 text", notUtf8);
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(text);
        } catch (JacksonException notJson) {
            throw new UndecodableRecordException("the value is not JSON: " + notJson.getOriginalMessage(), notJson);
        }
        if (envelope == null || !envelope.isObject()) {
            throw new UndecodableRecordException("the value must be a JSON object");
        }
        return envelope;
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
