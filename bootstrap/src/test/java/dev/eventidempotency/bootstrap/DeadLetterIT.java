package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.adapter.kafka.json.JsonEventDecoder;
import dev.eventidempotency.adapter.kafka.json.PayloadReader;
import dev.eventidempotency.adapter.kafka.user.UserCreatedPayloadReader;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.user.UserCreated;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Records that can never be processed are set aside with their reason; the service goes on. */
class DeadLetterIT extends EndToEndTest {

    private static final String GOOD = """
            {"eventId":"%s","type":"UserCreated","occurredAt":"2026-11-28T10:00:00Z",
             "payload":{"userId":"%s","email":"%s@example.org","name":"Good"}}""";

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheRestIsProcessed() throws Exception {
        String topic = TestKafka.freshTopic("mixed", 1);
        publish(topic, Arrays.asList(
                utf8(GOOD.formatted("good-1", "00000000-0000-4000-8000-000000000001", "one")),
                utf8("{\"eventId\": \"broken"),
                utf8(GOOD.formatted("good-2", "00000000-0000-4000-8000-000000000002", "two")),
                null,
                utf8(GOOD.formatted("bad-mail", "00000000-0000-4000-8000-000000000003", "not an address")),
                utf8(GOOD.formatted("good-3", "00000000-0000-4000-8000-000000000004", "three"))));

        try (RunningService service = RunningService.start("user-service", topic, db)) {
            service.awaitAccountedFor(6);
            assertThat(service.statistics().processed()).isEqualTo(3);
            assertThat(service.statistics().deadLettered()).isEqualTo(3);
        }

        assertThat(db.query("SELECT event_id FROM processed_events ORDER BY 1")).containsExactly("good-1", "good-2", "good-3");
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 6L));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 3);
        assertThat(deadLetters).extracting(record -> TestKafka.header(record, DeadLetterTopic.ORIGINAL_OFFSET))
                .containsExactly("1", "3", "4");
        assertThat(deadLetters).extracting(record -> TestKafka.header(record, DeadLetterTopic.REASON)).containsExactly(
                "the value is not JSON: Unexpected end-of-input: was expecting closing quote for a string value",
                "the record has no value (a tombstone), expected a JSON event",
                "payload of UserCreated: e-mail address is not of the form name@domain.tld: 'not an address@example.org'");
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(TestKafka.header(record, DeadLetterTopic.ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(TestKafka.header(record, DeadLetterTopic.ORIGINAL_PARTITION)).isEqualTo("0");
            assertThat(TestKafka.header(record, DeadLetterTopic.SERVICE)).isEqualTo("user-service");
            assertThat(TestKafka.header(record, DeadLetterTopic.ERROR_CLASS)).isNotBlank();
        });
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"eventId\": \"broken");
        assertThat(deadLetters.get(1).value()).isNull();
    }

    /**
     * A fork's payload reader may throw anything: here a {@code DateTimeParseException}, which no
     * decoder contract names. The record is set aside with the exception's class and message, and the
     * poll loop goes on (before, the consumer thread died, and a restart met the same record again).
     */
    @Test
    void anyExceptionOfAPayloadReaderDeadLettersItsRecordAndThePollLoopGoesOn() throws Exception {
        String topic = TestKafka.freshTopic("reader-throws", 1);
        publish(topic, Arrays.asList(
                utf8(GOOD.formatted("good-1", "00000000-0000-4000-8000-000000000001", "one")),
                utf8(GOOD.formatted("bad-date", "00000000-0000-4000-8000-000000000002", "two")),
                utf8(GOOD.formatted("good-3", "00000000-0000-4000-8000-000000000003", "three"))));
        UserCreatedPayloadReader sample = new UserCreatedPayloadReader();
        PayloadReader<UserCreated> parsingADate = payload -> {
            if (payload.path("email").asText().startsWith("two@")) {
                LocalDate.parse("28.11.2026");
            }
            return sample.read(payload);
        };

        try (RunningService service = RunningService.startDecodingWith(
                new JsonEventDecoder<>(Map.of(UserCreated.TYPE, parsingADate)), "user-service", topic, db)) {
            service.awaitAccountedFor(3);
            service.assertAlive();
            assertThat(service.statistics().processed()).isEqualTo(2);
        }

        ConsumerRecord<byte[], byte[]> deadLetter = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 1).get(0);
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.REASON_CODE)).isEqualTo("undecodable");
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ERROR_CLASS)).isEqualTo(DateTimeParseException.class.getName());
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.REASON)).startsWith("the decoder failed: ")
                .contains("28.11.2026");
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 3L));
    }

    @Test
    void aMixedStreamOfTenThousandRecordsWithAThousandBadOnesLosesNothingAndNeverStops() throws Exception {
        String topic = TestKafka.freshTopic("mixed-10k", 3);
        DemoEventStream good = DemoEventStream.of(8_990, 899, 99);
        List<byte[]> values = new ArrayList<>(good.records().stream().map(DemoEventStream.Event::value).toList());
        for (int i = 0; i < 10; i++) {
            String hostileId = "evt'); DELETE FROM users; -- " + i;
            values.add(utf8(GOOD.formatted(hostileId.replace("\"", ""), "00000000-0000-4000-8000-10000000000" + i, "sql" + i)));
        }
        int tooLarge = 0;
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            byte[] bad = badRecord(i);
            tooLarge += bad != null && bad.length > RunningService.MAX_RECORD_BYTES ? 1 : 0;
            values.add(random.nextInt(values.size()), bad);
        }
        publish(topic, values);

        try (RunningService service = RunningService.start("user-service", topic, db)) {
            service.awaitAccountedFor(10_000);
            assertThat(service.statistics().processed()).isEqualTo(8_091 + 10);
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(899);
            assertThat(service.statistics().deadLettered()).isEqualTo(1_000);
            assertThat(service.statistics().deadLetteredByReason())
                    .isEqualTo(Map.of("undecodable", 1_000L - tooLarge, "too-large", (long) tooLarge));
        }

        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(8_101);
        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id LIKE 'evt''); DELETE FROM users; -- %'"))
                .isEqualTo(10);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(TestKafka.endOffsets(topic, 3));
        assertThat(TestKafka.endOffsets(DeadLetterTopic.nameFor(topic), 3).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(1_000);
    }

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void anEventIdReusedForOtherContentIsSetAsideAsAPayloadConflictNotSkippedAsADuplicate(ProcessingMode mode)
            throws Exception {
        String topic = TestKafka.freshTopic("conflict", 1);
        String userA = "00000000-0000-4000-8000-00000000000a";
        String userB = "00000000-0000-4000-8000-00000000000b";
        publish(topic, List.of(
                utf8(GOOD.formatted("evt-1", userA, "ada")),
                utf8(GOOD.formatted("evt-1", userA, "ada")),
                utf8(GOOD.formatted("evt-1", userB, "someone-else"))));

        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(3);
            assertThat(service.statistics().processed()).isEqualTo(1);
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(1);
            assertThat(service.statistics().deadLetteredByReason()).isEqualTo(Map.of("payload-conflict", 1L));
        }

        assertThat(db.query("SELECT user_id FROM users")).containsExactly(userA);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 3L));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 1);
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(TestKafka.header(record, DeadLetterTopic.REASON_CODE)).isEqualTo("payload-conflict");
            assertThat(TestKafka.header(record, DeadLetterTopic.ORIGINAL_OFFSET)).isEqualTo("2");
        });
    }

    /** One of each way a record can be bad, in turn: every one must end in the dead-letter topic. */
    private static byte[] badRecord(int i) {
        String userId = "00000000-0000-4000-8000-" + String.format("%012d", 500_000 + i);
        return switch (i % 10) {
            case 0 -> utf8("{\"eventId\": \"cut off");
            case 1 -> new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'};
            case 2 -> null;
            case 3 -> utf8("{\"type\":\"UserCreated\",\"occurredAt\":\"2026-11-28T10:00:00Z\",\"payload\":{}}");
            case 4 -> utf8(GOOD.formatted("e".repeat(256), userId, "long-id" + i));
            case 5 -> utf8(GOOD.formatted("bad-type-" + i, userId, "x").replace("UserCreated", "UserDeleted"));
            case 6 -> utf8(GOOD.formatted("bad-mail-" + i, userId, "not an address"));
            case 7 -> utf8(GOOD.formatted("no-user-" + i, "not-a-uuid", "x" + i));
            case 8 -> utf8(GOOD.formatted("nul-" + i, userId, "nul\\u0000" + i));
            default -> utf8(GOOD.formatted("huge-" + i, userId, "x".repeat(RunningService.MAX_RECORD_BYTES)));
        };
    }

    private static void publish(String topic, List<byte[]> values) {
        TestKafka.publish(topic, 4 * RunningService.MAX_RECORD_BYTES, values);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
