package dev.eventidempotency.adapter.kafka.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.adapter.kafka.user.UserCreatedPayloadReader;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.user.UserCreated;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated records, from a fixed seed so that a failure replays: each one is
 * either decoded or rejected with a reason (the listener then dead-letters it); nothing else escapes
 * the decoder, so no record can stop the consumer.
 */
class JsonEventDecoderFuzzTest {

    private static final long SEED = 20261130L;
    private static final int RECORDS = 5_000;
    private static final String VALID = """
            {"eventId":"evt-1","type":"UserCreated","occurredAt":"2026-11-28T10:15:30Z",\
            "payload":{"userId":"2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10","email":"ada@example.org","name":"Ada"}}""";
    private static final String[] FRAGMENTS = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999999",
            "-0.0000000000000000000000000000000000001", "\\u0000", "\\uD800", "\"payload\"", "\"eventId\"", "{\"a\":",
            "9".repeat(100), "\"" + "x".repeat(300) + "\"", "[".repeat(40), "{\"@class\":\"java.lang.Runtime\"}"};

    private final JsonEventDecoder<UserCreated> decoder =
            new JsonEventDecoder<>(Map.of(UserCreated.TYPE, new UserCreatedPayloadReader()));

    @Test
    void everyRecordIsDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < RECORDS; i++) {
            byte[] value = i % 5 == 0 ? randomBytes(random) : mutated(VALID.getBytes(StandardCharsets.UTF_8), random);
            try {
                IncomingEvent<UserCreated> event = decoder.decode(record(value));
                assertThat(event.id().value()).isNotBlank();
                decoded++;
            } catch (UndecodableRecordException undecodable) {
                assertThat(undecodable.getMessage()).as("reason for record %d", i).isNotBlank();
                rejected++;
            } catch (RuntimeException | Error escaped) {
                fail("record " + i + " (seed " + SEED + ") escaped the decoder: "
                        + new String(value, StandardCharsets.UTF_8), escaped);
            }
        }
        // Both outcomes occur: the mutations neither all break the record nor leave it all intact.
        assertThat(decoded).isPositive();
        assertThat(rejected).isGreaterThan(RECORDS / 2);
    }

    @Test
    void deepNestingLongStringsAndLongNumbersAreRejectedByTheLimits() {
        String deep = "{\"eventId\":\"e\",\"payload\":" + "[".repeat(StrictJson.MAX_NESTING_DEPTH + 1) + "]}";
        String longString = VALID.replace("\"Ada\"", "\"" + "a".repeat(StrictJson.MAX_STRING_LENGTH + 1) + "\"");
        String longNumber = VALID.replace("\"Ada\"", "1" + "0".repeat(StrictJson.MAX_NUMBER_LENGTH + 1));
        String longName = VALID.replace("\"name\"", "\"" + "n".repeat(StrictJson.MAX_NAME_LENGTH + 1) + "\"");

        for (String value : List.of(deep, longString, longNumber, longName)) {
            assertThat(rejectionOf(value)).startsWith("the value is not JSON").containsIgnoringCase("exceeds");
        }
    }

    @Test
    void aDuplicateFieldIsRejectedRatherThanResolvedSilently() {
        assertThat(rejectionOf(VALID.replace("{\"eventId\":\"evt-1\",", "{\"eventId\":\"evt-1\",\"eventId\":\"evt-2\",")))
                .contains("Duplicate field 'eventId'");
    }

    @Test
    void aTypeHintInTheInputChoosesNoJavaType() {
        String hinted = VALID.replace("\"payload\":{", "\"payload\":{\"@class\":\"java.lang.ProcessBuilder\",");

        assertThat(decodes(hinted).payload().name()).isEqualTo("Ada");
    }

    private String rejectionOf(String value) {
        try {
            decoder.decode(record(value.getBytes(StandardCharsets.UTF_8)));
        } catch (UndecodableRecordException undecodable) {
            return undecodable.getMessage();
        }
        throw new AssertionError("decoded, expected a rejection: " + value.substring(0, Math.min(200, value.length())));
    }

    private IncomingEvent<UserCreated> decodes(String value) {
        try {
            return decoder.decode(record(value.getBytes(StandardCharsets.UTF_8)));
        } catch (UndecodableRecordException undecodable) {
            throw new AssertionError("rejected: " + undecodable.getMessage(), undecodable);
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One to four edits: flip a byte, cut, repeat a slice, or splice in a JSON fragment. */
    private static byte[] mutated(byte[] valid, Random random) {
        List<Byte> bytes = new ArrayList<>(valid.length);
        for (byte b : valid) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits && !bytes.isEmpty(); edit++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(4)) {
                case 0 -> bytes.set(at, (byte) random.nextInt(256));
                case 1 -> bytes.subList(at, bytes.size()).clear();
                case 2 -> bytes.addAll(at, new ArrayList<>(bytes.subList(at, Math.min(bytes.size(), at + random.nextInt(20)))));
                default -> {
                    byte[] fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8);
                    for (int i = fragment.length - 1; i >= 0; i--) {
                        bytes.add(at, fragment[i]);
                    }
                }
            }
        }
        byte[] result = new byte[bytes.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = bytes.get(i);
        }
        return result;
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("user-events", 0, 0L, null, value);
    }
}
