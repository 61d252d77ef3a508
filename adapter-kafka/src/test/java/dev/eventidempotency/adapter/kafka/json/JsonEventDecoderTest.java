package dev.eventidempotency.adapter.kafka.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.adapter.kafka.user.UserCreatedPayloadReader;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.user.UserCreated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonEventDecoderTest {

    private static final String USER_ID = "2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10";
    private final JsonEventDecoder<UserCreated> decoder =
            new JsonEventDecoder<>(Map.of(UserCreated.TYPE, new UserCreatedPayloadReader()));

    @Test
    void decodesAUserCreatedEvent() throws UndecodableRecordException {
        IncomingEvent<UserCreated> event = decoder.decode(record(envelope("evt-1", "UserCreated",
                "2026-11-28T10:15:30Z", payload(USER_ID, "ada@example.org", "Ada"))));

        assertThat(event.id().value()).isEqualTo("evt-1");
        assertThat(event.topic().value()).isEqualTo("user-events");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30Z"));
        assertThat(event.payload().userId().toString()).isEqualTo(USER_ID);
        assertThat(event.payload().email().value()).isEqualTo("ada@example.org");
        assertThat(event.payload().name()).isEqualTo("Ada");
    }

    @Test
    void keepsAnEventIdWithSqlMetacharactersVerbatim() throws UndecodableRecordException {
        String id = "x'; DROP TABLE users; --";

        IncomingEvent<UserCreated> event = decoder.decode(record(envelope(id, "UserCreated",
                "2026-11-28T10:15:30Z", payload(USER_ID, "ada@example.org", "Ada"))));

        assertThat(event.id().value()).isEqualTo(id);
    }

    @Test
    void theFingerprintIgnoresKeyOrderWhiteSpaceAndTheEnvelopeButNotTheContent() throws UndecodableRecordException {
        IncomingEvent<UserCreated> original = decoder.decode(record(envelope("evt-1", "UserCreated",
                "2026-11-28T10:15:30Z", payload(USER_ID, "ada@example.org", "Ada"))));
        IncomingEvent<UserCreated> reordered = decoder.decode(record("""
                { "payload" : { "name":"Ada", "email":"ada@example.org", "userId":"%s" },
                  "occurredAt":"2026-11-29T00:00:00Z", "type":"UserCreated", "eventId":"evt-1" }""".formatted(USER_ID)));
        IncomingEvent<UserCreated> changed = decoder.decode(record(envelope("evt-1", "UserCreated",
                "2026-11-28T10:15:30Z", payload(USER_ID, "ada@example.org", "Ada Lovelace"))));

        assertThat(reordered.fingerprint()).isEqualTo(original.fingerprint());
        assertThat(changed.fingerprint()).isNotEqualTo(original.fingerprint());
    }

    @Test
    void aTombstoneIsUndecodable() {
        assertReason(new ConsumerRecord<>("user-events", 0, 7L, null, null),
                "the record has no value (a tombstone), expected a JSON event");
    }

    @Test
    void bytesThatAreNotUtf8AreUndecodable() {
        assertReason(new ConsumerRecord<>("user-events", 0, 7L, null, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}),
                "the value is not UTF-8 text");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                 | {"eventId":                  | the value is not JSON:
            a json array             | []                           | the value must be a JSON object
            missing eventId          | {"type":"UserCreated"}       | eventId is missing
            numeric eventId          | {"eventId":42}               | eventId must be a string, was NUMBER
            blank eventId            | {"eventId":"  "}             | eventId: event id must not be blank
            unknown type             | {"eventId":"e","type":"UserDeleted"} | unknown event type 'UserDeleted', expected one of [UserCreated]
            bad occurredAt           | {"eventId":"e","type":"UserCreated","occurredAt":"yesterday"} | occurredAt must be an ISO-8601 instant
            payload not an object    | {"eventId":"e","type":"UserCreated","occurredAt":"2026-11-28T10:15:30Z","payload":"x"} | payload must be a JSON object
            """)
    void everyBrokenEnvelopeNamesWhatIsWrong(String caseName, String value, String reason) {
        assertReason(record(value), reason);
    }

    @Test
    void anEventIdLongerThan255CharactersIsUndecodable() {
        assertReason(record(envelope("e".repeat(256), "UserCreated", "2026-11-28T10:15:30Z",
                payload(USER_ID, "ada@example.org", "Ada"))), "eventId: event id must be at most 255 characters, was 256");
    }

    @Test
    void aPayloadThatBreaksABusinessRuleIsUndecodable() {
        assertReason(record(envelope("e", "UserCreated", "2026-11-28T10:15:30Z", payload(USER_ID, "not-an-email", "Ada"))),
                "payload of UserCreated: e-mail address is not of the form name@domain.tld: 'not-an-email'");
        assertReason(record(envelope("e", "UserCreated", "2026-11-28T10:15:30Z",
                        "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}")),
                "payload of UserCreated: userId must be a string");
    }

    private void assertReason(ConsumerRecord<byte[], byte[]> record, String reasonStart) {
        assertThatThrownBy(() -> decoder.decode(record))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith(reasonStart);
    }

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return new ConsumerRecord<>("user-events", 0, 7L, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String envelope(String eventId, String type, String occurredAt, String payload) {
        return """
                {"eventId":"%s","type":"%s","occurredAt":"%s","payload":%s}""".formatted(eventId, type, occurredAt, payload);
    }

    private static String payload(String userId, String email, String name) {
        return """
                {"userId":"%s","email":"%s","name":"%s"}""".formatted(userId, email, name);
    }
}
