package dev.eventidempotency.adapter.kafka.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both modes of the CloudEvents Kafka binding, decoded with a payload type of the test's own, so a fork keeps it. */
class CloudEventDecoderTest {

    /** The test's event: a note whose text must be a non-blank string. */
    private record Noted(String text) {

        static final String TYPE = "org.example.noted";

        static Noted read(JsonNode data) {
            JsonNode text = data.get("text");
            if (text == null || !text.isTextual() || text.textValue().isBlank()) {
                throw new IllegalArgumentException("text must be a non-blank string");
            }
            return new Noted(text.textValue());
        }
    }

    private static final long RECORD_TIMESTAMP = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
    private static final String DATA = "{\"text\":\"Ada\"}";

    private final CloudEventDecoder<Noted> decoder = new CloudEventDecoder<>(Map.of(Noted.TYPE, Noted::read));

    @Test
    void decodesBinaryModeWithTheSourceAndTheIdInTheKey() throws UndecodableRecordException {
        IncomingEvent<Noted> event = decoder.decode(binary(DATA, "ce_specversion", "1.0", "ce_id", "42",
                "ce_source", "https://shop.example/notes", "ce_type", Noted.TYPE, "ce_time", "2026-11-28T10:15:30Z",
                "content-type", "application/json"));

        assertThat(event.id().value()).isEqualTo("https://shop.example/notes 42");
        assertThat(event.topic().value()).isEqualTo("notes");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        assertThat(event.payload()).isEqualTo(new Noted("Ada"));
    }

    @Test
    void decodesStructuredModeWithTheSourceAndTheIdInTheKey() throws UndecodableRecordException {
        IncomingEvent<Noted> event = decoder.decode(structured(event("42", "/notes", DATA)));

        assertThat(event.id().value()).isEqualTo("/notes 42");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        assertThat(event.payload()).isEqualTo(new Noted("Ada"));
    }

    @Test
    void theSameIdFromTwoSourcesIsTwoEvents() throws UndecodableRecordException {
        IncomingEvent<Noted> fromA = decoder.decode(binaryEvent("42", "/a", DATA));
        IncomingEvent<Noted> fromB = decoder.decode(binaryEvent("42", "/b", DATA));

        assertThat(fromA.id()).isNotEqualTo(fromB.id());
    }

    /** A source never holds a space, so where the first space stands, the source ends: no pair meets another. */
    @Test
    void noOtherPairOfSourceAndIdMakesTheSameKey() throws UndecodableRecordException {
        IncomingEvent<Noted> spaceInId = decoder.decode(binaryEvent("b c", "/a", DATA));

        assertThat(spaceInId.id().value()).isEqualTo("/a b c");
        assertThatThrownBy(() -> decoder.decode(binaryEvent("c", "/a b", DATA)))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith("not a valid CloudEvent: Invalid attribute/extension value for \"source\"");
    }

    @Test
    void anEventWithoutTimeHappenedAtTheRecordsTimestamp() throws UndecodableRecordException {
        IncomingEvent<Noted> event = decoder.decode(binary(DATA, "ce_specversion", "1.0", "ce_id", "42", "ce_source", "/notes",
                "ce_type", Noted.TYPE));

        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochMilli(RECORD_TIMESTAMP));
    }

    @Test
    void theFingerprintIsTheTypeAndTheDataWhicheverModeCarriedThem() throws UndecodableRecordException {
        IncomingEvent<Noted> binary = decoder.decode(binaryEvent("42", "/notes", "{ \"by\": \"Bob\", \"text\": \"Ada\" }"));
        IncomingEvent<Noted> structured = decoder.decode(structured(event("42", "/notes", "{\"text\":\"Ada\",\"by\":\"Bob\"}")
                .replace("2026-11-28T10:15:30Z", "2026-11-29T00:00:00Z")));
        IncomingEvent<Noted> changed = decoder.decode(binaryEvent("42", "/notes", "{\"text\":\"Ada Lovelace\",\"by\":\"Bob\"}"));

        assertThat(structured.fingerprint()).isEqualTo(binary.fingerprint());
        assertThat(changed.fingerprint()).isNotEqualTo(binary.fingerprint());
    }

    @Test
    void aKeyOfExactly255CharactersIsTakenAndOneLongerIsRefusedNeverCut() throws UndecodableRecordException {
        String source = "/notes";
        String longestId = "i".repeat(255 - source.length() - 1);

        assertThat(decoder.decode(binaryEvent(longestId, source, DATA)).id().value()).hasSize(255);
        assertReason(binaryEvent(longestId + "i", source, DATA),
                "source and id, the ledger key '<source> <id>': event id must be at most 255 characters, was 256");
    }

    /** Each case edits a valid event's headers: {@code -name} removes, {@code +name=value} adds, {@code name=value} sets one. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no ce_specversion | -ce_specversion | specversion is missing (no header ce_specversion)
            unknown specversion | ce_specversion=2.0 | not a valid CloudEvent: Invalid specversion: 2.0
            no ce_id | -ce_id | id is missing (no header ce_id)
            no ce_source | -ce_source | source is missing (no header ce_source)
            no ce_type | -ce_type | type is missing (no header ce_type)
            empty id | ce_id= | id is empty
            empty source | ce_source= | source is empty
            source no URI | ce_source=a b | not a valid CloudEvent: Invalid attribute/extension value for "source"
            unknown type | ce_type=org.example.gone | unknown event type 'org.example.gone', expected one of [org
            bad time | ce_time=yesterday | not a valid CloudEvent: Invalid attribute/extension value for "time"
            data of other type | content-type=text/plain | datacontenttype 'text/plain' is not JSON
            header twice | +ce_id=2 | header ce_id appears more than once
            """)
    void everyBrokenBinaryEventNamesWhatIsWrong(String caseName, String edit, String reason) {
        RecordHeaders headers = headers("ce_specversion", "1.0", "ce_id", "1", "ce_source", "/s", "ce_type", Noted.TYPE,
                "content-type", "application/json");
        String[] nameAndValue = edit.replaceFirst("^[-+]", "").split("=", 2);
        if (!edit.startsWith("+")) {
            headers.remove(nameAndValue[0]);
        }
        if (!edit.startsWith("-")) {
            headers.add(nameAndValue[0], nameAndValue[1].getBytes(StandardCharsets.UTF_8));
        }
        assertReason(record(DATA, headers), reason);
    }

    @Test
    void binaryDataThatIsNotJsonIsUndecodable() {
        assertReason(binaryEvent("1", "/s", "{\"text\":"), "data is not JSON:");
    }

    @Test
    void aBinaryEventWithoutDataIsUndecodable() {
        assertReason(binary(null, "ce_specversion", "1.0", "ce_id", "1", "ce_source", "/s", "ce_type", Noted.TYPE),
                "data is missing");
    }

    @Test
    void aHeaderWithoutValueOrWithBytesThatAreNotUtf8IsUndecodable() {
        RecordHeaders noValue = headers("ce_specversion", "1.0", "ce_source", "/s", "ce_type", Noted.TYPE);
        noValue.add("ce_id", null);
        assertReason(record(DATA, noValue), "header ce_id has no value");

        RecordHeaders notUtf8 = headers("ce_specversion", "1.0", "ce_source", "/s", "ce_type", Noted.TYPE);
        notUtf8.add("ce_id", new byte[] {'e', (byte) 0xC3, (byte) 0x28});
        assertReason(record(DATA, notUtf8), "header ce_id is not UTF-8 text");
    }

    @Test
    void anIdPostgresqlWouldAlterIsUndecodable() {
        assertReason(binaryEvent("evt-\u0000", "/s", DATA),
                "source and id, the ledger key '<source> <id>': event id must not contain the NUL character");
        assertReason(structured(event("evt-\\ud800", "/s", DATA)),
                "source and id, the ledger key '<source> <id>': event id must not contain a lone surrogate");
    }

    @Test
    void dataItsReaderRejectsIsUndecodableWithTheReadersReason() {
        assertReason(binaryEvent("1", "/s", "{\"text\":\" \"}"), "data of org.example.noted: text must be a non-blank string");
        assertReason(structured(event("1", "/s", "{\"by\":\"Bob\"}")),
                "data of org.example.noted: text must be a non-blank string");
    }

    /** Each case replaces one part of a valid structured event (an empty replacement removes it). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no specversion | "specversion":"1.0", |  | specversion is missing
            no id | "id":"1", |  | id is missing
            no source | "source":"/s", |  | source is missing
            no type | "type":"org.example.noted", |  | type is missing
            numeric id | "id":"1" | "id":1 | not a valid CloudEvent: Wrong type NUMBER for attribute id
            unknown type | org.example.noted | org.example.gone | unknown event type 'org.example.gone'
            no data | ,"data":{"text":"Ada"} |  | data is missing
            data a string | {"text":"Ada"} | "{}" | data must be a JSON object
            duplicate id | "id":"1" | "id":"1","id":"2" | the value is not JSON: Duplicate field 'id'
            not json | } |  | the value is not JSON:
            """)
    void everyBrokenStructuredEventNamesWhatIsWrong(String caseName, String part, String replacement, String reason) {
        assertReason(structured(event("1", "/s", DATA).replace(part, replacement == null ? "" : replacement)), reason);
    }

    @Test
    void aStructuredValueThatIsNoJsonObjectIsUndecodable() {
        assertReason(structured("[]"), "the value must be a JSON object");
    }

    @Test
    void aStructuredTombstoneIsUndecodable() {
        assertReason(record(null, headers("content-type", "application/cloudevents+json")),
                "the record has no value (a tombstone), expected a CloudEvent");
    }

    @Test
    void dataInBase64IsReadAsJsonToo() throws UndecodableRecordException {
        String base64 = java.util.Base64.getEncoder().encodeToString(DATA.getBytes(StandardCharsets.UTF_8));
        IncomingEvent<Noted> event = decoder.decode(structured(event("1", "/s", DATA)
                .replace("\"data\":" + DATA, "\"data_base64\":\"" + base64 + "\"")));

        assertThat(event.payload()).isEqualTo(new Noted("Ada"));
    }

    @Test
    void aFormatOrModeThisServiceDoesNotReadIsUndecodable() {
        assertReason(record(event("1", "/s", DATA), headers("content-type", "application/cloudevents+avro")),
                "content-type 'application/cloudevents+avro' is no event format this service reads, expected "
                        + "application/cloudevents+json");
        assertReason(record("[" + event("1", "/s", DATA) + "]", headers("content-type", "application/cloudevents-batch+json")),
                "content-type 'application/cloudevents-batch+json' is no event format this service reads");
    }

    @Test
    void aRecordWithoutAMarkOfTheBindingIsNoCloudEvent() {
        assertReason(record("{\"eventId\":\"e\"}", new RecordHeaders()),
                "not a CloudEvent: no header ce_specversion, and no content-type application/cloudevents+json");
    }

    private void assertReason(ConsumerRecord<byte[], byte[]> record, String reasonStart) {
        assertThatThrownBy(() -> decoder.decode(record))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith(reasonStart);
    }

    static String event(String id, String source, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"%s","type":"%s","time":"2026-11-28T10:15:30Z",\
                "datacontenttype":"application/json","data":%s}""".formatted(id, source, Noted.TYPE, data);
    }

    private static ConsumerRecord<byte[], byte[]> structured(String value) {
        return record(value, headers("content-type", "application/cloudevents+json"));
    }

    private static ConsumerRecord<byte[], byte[]> binaryEvent(String id, String source, String data) {
        return binary(data, "ce_specversion", "1.0", "ce_id", id, "ce_source", source, "ce_type", Noted.TYPE,
                "ce_time", "2026-11-28T10:15:30Z", "content-type", "application/json");
    }

    private static ConsumerRecord<byte[], byte[]> binary(String value, String... headerKeysAndValues) {
        return record(value, headers(headerKeysAndValues));
    }

    private static RecordHeaders headers(String... keysAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            headers.add(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static ConsumerRecord<byte[], byte[]> record(String value, RecordHeaders headers) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("notes", 0, 7L, RECORD_TIMESTAMP, TimestampType.CREATE_TIME, 0,
                bytes == null ? 0 : bytes.length, null, bytes, headers, Optional.empty());
    }
}
