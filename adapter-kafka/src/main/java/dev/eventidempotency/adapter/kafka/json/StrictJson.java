package dev.eventidempotency.adapter.kafka.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.adapter.kafka.Utf8Text;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;

/**
 * How every inbound format reads JSON: strict UTF-8, bounded sizes, no duplicate field, a tree and never
 * a bound type; and the fingerprint of a payload, the same whichever envelope carried it.
 */
public final class StrictJson {

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

    private StrictJson() {
    }

    /** The JSON object in {@code bytes}; {@code what} names them in the reason, e.g. "the value" or "data". */
    public static JsonNode parseObject(byte[] bytes, String what) throws UndecodableRecordException {
        String text = Utf8Text.decode(bytes, what);
        JsonNode object;
        try {
            object = JSON.readTree(text);
        } catch (JacksonException notJson) {
            throw new UndecodableRecordException(what + " is not JSON: " + notJson.getOriginalMessage(), notJson);
        }
        if (object == null || !object.isObject()) {
            throw new UndecodableRecordException(what + " must be a JSON object");
        }
        return object;
    }

    /** The type and the payload, not the envelope: a re-sent event may carry a new time. */
    public static PayloadFingerprint fingerprint(String type, JsonNode payload) {
        try {
            return PayloadFingerprint.of(type + "\n" + JSON.writeValueAsString(payload));
        } catch (JacksonException unwritable) {
            throw new IllegalStateException("a parsed JSON tree is always writable", unwritable);
        }
    }
}
