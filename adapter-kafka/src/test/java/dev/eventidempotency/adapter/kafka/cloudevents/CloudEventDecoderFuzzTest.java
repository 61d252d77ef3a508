package dev.eventidempotency.adapter.kafka.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated CloudEvents in both modes, from a fixed seed so that a failure replays: each one
 * is decoded or rejected with a reason; no exception of the SDK escapes the decoder.
 */
class CloudEventDecoderFuzzTest {

    private static final long SEED = 20261204L;
    private static final int RECORDS = 5_000;
    private static final String DATA = "{\"text\":\"Ada\",\"by\":\"Bob\"}";
    private static final String STRUCTURED = """
            {"specversion":"1.0","id":"evt-1","source":"https://shop.example/users","type":"org.example.noted",\
            "time":"2026-11-28T10:15:30Z","datacontenttype":"application/json","data":%s}""".formatted(DATA);
    private static final List<String> HEADERS = List.of("ce_specversion", "1.0", "ce_id", "evt-1",
            "ce_source", "https://shop.example/users", "ce_type", "org.example.noted", "ce_time", "2026-11-28T10:15:30Z",
            "content-type", "application/json");
    private static final String[] FRAGMENTS = {"{", "}", "\"", ":", ",", "null", "1e999999", "\\u0000", "\\uD800", " ",
            "%", "#", "0.3", "2.0", "application/cloudevents+json", "+json", "\"data_base64\":\"!!\"", "\"id\":\"x\"", "ce_"};

    private final CloudEventDecoder<String> decoder =
            new CloudEventDecoder<>(Map.of("org.example.noted", CloudEventDecoderFuzzTest::text));

    @Test
    void everyRecordIsDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED);
        int decoded = 0;
        for (int i = 0; i < RECORDS; i++) {
            ConsumerRecord<byte[], byte[]> record = i % 2 == 0 ? mutatedStructured(random) : mutatedBinary(random);
            try {
                assertThat(decoder.decode(record).id().value()).isNotBlank();
                decoded++;
            } catch (UndecodableRecordException undecodable) {
                assertThat(undecodable.getMessage()).as("reason for record %d", i).isNotBlank();
            } catch (RuntimeException | Error escaped) {
                fail("record " + i + " (seed " + SEED + ") escaped the decoder: " + record, escaped);
            }
        }
        assertThat(decoded).isPositive().isLessThan(RECORDS / 2);
    }

    /** The test's event, a note: its data must hold a string {@code text}. */
    private static String text(JsonNode data) {
        if (!data.path("text").isTextual()) {
            throw new IllegalArgumentException("text must be a string");
        }
        return data.get("text").textValue();
    }

    private static ConsumerRecord<byte[], byte[]> mutatedStructured(Random random) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", utf8("application/cloudevents+json"));
        return record(mutated(STRUCTURED, random), headers);
    }

    /** Each header kept, dropped, doubled or edited, and the data edited now and then. */
    private static ConsumerRecord<byte[], byte[]> mutatedBinary(Random random) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < HEADERS.size(); i += 2) {
            String key = HEADERS.get(i);
            byte[] value = utf8(HEADERS.get(i + 1));
            switch (random.nextInt(8)) {
                case 0 -> { }
                case 1 -> headers.add(key, value).add(key, value);
                case 2 -> headers.add(key, mutated(HEADERS.get(i + 1), random));
                case 3 -> headers.add(key, null);
                default -> headers.add(key, value);
            }
        }
        return record(random.nextInt(3) == 0 ? mutated(DATA, random) : utf8(DATA), headers);
    }

    /** One to three edits: flip a byte, cut, or splice in a fragment. */
    private static byte[] mutated(String valid, Random random) {
        byte[] bytes = utf8(valid);
        for (int edit = 1 + random.nextInt(3); edit > 0 && bytes.length > 0; edit--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(3)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = Arrays.copyOf(bytes, at);
                default -> {
                    byte[] fragment = utf8(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    byte[] spliced = new byte[bytes.length + fragment.length];
                    System.arraycopy(bytes, 0, spliced, 0, at);
                    System.arraycopy(fragment, 0, spliced, at, fragment.length);
                    System.arraycopy(bytes, at, spliced, at + fragment.length, bytes.length - at);
                    bytes = spliced;
                }
            }
        }
        return bytes;
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("user-events", 0, 0L, 0L, TimestampType.CREATE_TIME, 0, value.length, null, value,
                headers, Optional.empty());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
