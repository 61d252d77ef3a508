package dev.eventidempotency.adapter.kafka.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The envelope every event shares, decoded with a payload type of the test's own, so a fork keeps it. */
class JsonEventDecoderTest {

    /** The test's event: a note whose text must be a non-blank string. */
    private record Noted(String text) {

        static final String TYPE = "Noted";

        static Noted read(JsonNode payload) {
            JsonNode text = payload.get("text");
            if (text == null || !text.isTextual() || text.textValue().isBlank()) {
                throw new IllegalArgumentException("text must be a non-blank string");
            }
            return new Noted(text.textValue());
        }
    }

    private final JsonEventDecoder<Noted> decoder = new JsonEventDecoder<>(Map.of(Noted.TYPE, Noted::read));

    @Test
    void decodesTheEnvelopeAndHandsThePayloadToTheReaderOfItsType() throws UndecodableRecordException {
        IncomingEvent<Noted> event = decoder.decode(record(envelope("evt-1", "Noted", "2026-11-28T10:15:30Z", payload("Ada"))));

        assertThat(event.id().value()).isEqualTo("evt-1");
        assertThat(event.topic().value()).isEqualTo("notes");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        assertThat(event.payload()).isEqualTo(new Noted("Ada"));
    }

    @Test
    void theRecordKeyIsTheOrderingKeyAndARecordWithoutKeyHasNone() throws UndecodableRecordException {
        byte[] value = envelope("evt-1", "Noted", "2026-11-28T10:15:30Z", payload("Ada")).getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};

        IncomingEvent<Noted> keyed = decoder.decode(new ConsumerRecord<>("notes", 0, 7L, notUtf8, value));
        IncomingEvent<Noted> keyless = decoder.decode(new ConsumerRecord<>("notes", 0, 8L, null, value));

        assertThat(keyed.orderingKey()).contains("\u00C3(");
        assertThat(keyless.orderingKey()).isEmpty();
    }

    @Test
    void keepsAnEventIdWithSqlMetacharactersVerbatim() throws UndecodableRecordException {
        String id = "x'; DROP TABLE processed_events; --";

        IncomingEvent<Noted> event = decoder.decode(record(envelope(id, "Noted", "2026-11-28T10:15:30Z", payload("Ada"))));

        assertThat(event.id().value()).isEqualTo(id);
    }

    @Test
    void theFingerprintIgnoresKeyOrderWhiteSpaceAndTheEnvelopeButNotTheContent() throws UndecodableRecordException {
        IncomingEvent<Noted> original = decoder.decode(record("""
                {"eventId":"evt-1","type":"Noted","occurredAt":"2026-11-28T10:15:30Z","payload":{"text":"Ada","by":"Bob"}}"""));
        IncomingEvent<Noted> reordered = decoder.decode(record("""
                { "payload" : { "by" : "Bob", "text":"Ada" },
                  "occurredAt":"2026-11-29T00:00:00Z", "type":"Noted", "eventId":"evt-1" }"""));
        IncomingEvent<Noted> changed = decoder.decode(record(envelope("evt-1", "Noted", "2026-11-28T10:15:30Z",
                payload("Ada Lovelace"))));

        assertThat(reordered.fingerprint()).isEqualTo(original.fingerprint());
        assertThat(changed.fingerprint()).isNotEqualTo(original.fingerprint());
    }

    @Test
    void aTombstoneIsUndecodable() {
        assertReason(new ConsumerRecord<>("notes", 0, 7L, null, null),
                "the record has no value (a tombstone), expected a JSON event");
    }

    @Test
    void bytesThatAreNotUtf8AreUndecodable() {
        assertReason(new ConsumerRecord<>("notes", 0, 7L, null, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}),
                "the value is not UTF-8 text");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                 | {"eventId":                  | the value is not JSON:
            a json array             | []                           | the value must be a JSON object
            missing eventId          | {"type":"Noted"}             | eventId is missing
            numeric eventId          | {"eventId":42}               | eventId must be a string, was NUMBER
            blank eventId            | {"eventId":"  "}             | eventId: event id must not be blank
            unknown type             | {"eventId":"e","type":"Erased"} | unknown event type 'Erased', expected one of [Noted]
            bad occurredAt           | {"eventId":"e","type":"Noted","occurredAt":"yesterday"} | occurredAt must be an ISO-8601 instant
            payload not an object    | {"eventId":"e","type":"Noted","occurredAt":"2026-11-28T10:15:30Z","payload":"x"} | payload must be a JSON object
            """)
    void everyBrokenEnvelopeNamesWhatIsWrong(String caseName, String value, String reason) {
        assertReason(record(value), reason);
    }

    @Test
    void anEventIdLongerThan255CharactersIsUndecodable() {
        assertReason(record(envelope("e".repeat(256), "Noted", "2026-11-28T10:15:30Z", payload("Ada"))), "eventId: event id must be at most 255 characters, was 256");
    }

    @Test
    void anEventIdPostgresqlWouldAlterIsUndecodable() {
        assertReason(record(envelope("evt-\\ud800", "Noted", "2026-11-28T10:15:30Z", payload("Ada"))),
                "eventId: event id must not contain a lone surrogate (\\uD800 at index 4)");
        assertReason(record(envelope("evt-\\u0000", "Noted", "2026-11-28T10:15:30Z", payload("Ada"))),
                "eventId: event id must not contain the NUL character");
    }

    @Test
    void aPayloadItsReaderRejectsIsUndecodableWithTheReadersReason() {
        assertReason(record(envelope("e", "Noted", "2026-11-28T10:15:30Z", payload(" "))),
                "payload of Noted: text must be a non-blank string");
        assertReason(record(envelope("e", "Noted", "2026-11-28T10:15:30Z", "{\"by\":\"Bob\"}")),
                "payload of Noted: text must be a non-blank string");
    }

    private void assertReason(ConsumerRecord<byte[], byte[]> record, String reasonStart) {
        assertThatThrownBy(() -> decoder.decode(record))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith(reasonStart);
    }

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return new ConsumerRecord<>("notes", 0, 7L, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String envelope(String eventId, String type, String occurredAt, String payload) {
        return """
                {"eventId":"%s","type":"%s","occurredAt":"%s","payload":%s}""".formatted(eventId, type, occurredAt, payload);
    }

    private static String payload(String text) {
        return """
                {"text":"%s"}""".formatted(text);
    }
}
