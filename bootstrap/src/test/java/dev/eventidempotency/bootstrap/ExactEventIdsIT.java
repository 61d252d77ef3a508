package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Event ids are stored exactly as sent, or refused. Ids of 4-byte characters, combining marks, 255
 * multibyte characters, and two ids that differ only in their Unicode normalization are each one
 * event, processed once however often it is delivered. Ids PostgreSQL would alter (a lone surrogate
 * from a JSON escape, which the driver sends as '?'; NUL) are dead-lettered with the reason: before,
 * the lone surrogate's event was claimed under 'evt-?' and skipped as a duplicate, never handled, and
 * a later event whose id really was 'evt-?' was then set aside as a payload conflict.
 */
class ExactEventIdsIT extends EndToEndTest {

    private static final String EVENT = """
            {"eventId":"%s","type":"UserCreated","occurredAt":"2026-11-28T10:00:00Z",
             "payload":{"userId":"00000000-0000-4000-8000-%012d","email":"user%d@example.org","name":"User %d"}}""";

    /** As they stand in the JSON text: the characters themselves. */
    private static final List<String> EXACT_IDS = List.of(
            "evt-\uD83D\uDE00-\uD834\uDD1E",
            "e\u0301v\u0308t\u0327-combining",
            "caf\u00E9",
            "cafe\u0301",
            "\uD83D\uDE00".repeat(255),
            "\u65E5".repeat(255),
            "evt-?");

    /** As they stand in the JSON text: escapes that decode to what PostgreSQL cannot store exactly. */
    private static final String LONE_SURROGATE = "evt-\\ud800";
    private static final String NUL = "evt-\\u0000";

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void eachExactIdIsProcessedOnceAndIdsPostgresqlWouldAlterAreDeadLetteredWithTheirReason(ProcessingMode mode)
            throws Exception {
        String topic = TestKafka.freshTopic("exact-ids", 1);
        List<byte[]> values = new ArrayList<>();
        values.add(event(LONE_SURROGATE, 100));
        for (int i = 0; i < EXACT_IDS.size(); i++) {
            values.add(event(EXACT_IDS.get(i), i));
        }
        values.add(event(NUL, 101));
        for (int i = 0; i < EXACT_IDS.size(); i++) {
            values.add(event(EXACT_IDS.get(i), i));
        }
        TestKafka.publish(topic, 4 * RunningService.MAX_RECORD_BYTES, values);

        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(values.size());
            assertThat(service.statistics().processed()).isEqualTo(EXACT_IDS.size());
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(EXACT_IDS.size());
            assertThat(service.statistics().deadLetteredByReason()).isEqualTo(Map.of("undecodable", 2L));
        }

        assertThat(db.query("SELECT event_id FROM processed_events")).containsExactlyInAnyOrderElementsOf(EXACT_IDS);
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(EXACT_IDS.size());
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, (long) values.size()));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 2);
        assertThat(deadLetters).extracting(record -> TestKafka.header(record, DeadLetterTopic.ORIGINAL_OFFSET))
                .containsExactly("0", String.valueOf(1 + EXACT_IDS.size()));
        assertThat(deadLetters).extracting(record -> TestKafka.header(record, DeadLetterTopic.REASON)).containsExactly(
                "eventId: event id must not contain a lone surrogate (\\uD800 at index 4): it is no Unicode character,"
                        + " and PostgreSQL would store '?' in its place",
                "eventId: event id must not contain the NUL character (PostgreSQL cannot store it)");
    }

    private static byte[] event(String jsonId, int user) {
        return EVENT.formatted(jsonId, user, user, user).getBytes(StandardCharsets.UTF_8);
    }
}
