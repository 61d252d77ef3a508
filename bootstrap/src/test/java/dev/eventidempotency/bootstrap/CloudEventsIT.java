package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.bootstrap.config.EventFormat;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.guarantees.ServiceUnderTest;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.user.UserCreated;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CloudEvents from a real broker into the real database, written by the CloudEvents SDK's own Kafka
 * writer in both modes: exactly once, keyed by source and id, and every bad one dead-lettered with its reason.
 */
class CloudEventsIT extends EndToEndTest {

    private static final String SERVICE = "user-service";
    private static final URI SHOP = URI.create("https://shop.example/users");

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void eventsInBothModesAreProcessedExactlyOnceThroughCopiesAndARewind(ProcessingMode mode) throws Exception {
        String topic = TestKafka.freshTopic("cloudevents", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> records.add(binary(topic, userCreated(SHOP, "b-" + i, i))));
        IntStream.range(20, 40).forEach(i -> records.add(structured(topic, userCreated(SHOP, "s-" + i, i))));
        // Copies: in the same mode, and a binary event re-sent structured: the same source and id, the same data.
        IntStream.range(0, 5).forEach(i -> records.add(binary(topic, userCreated(SHOP, "b-" + i, i))));
        IntStream.range(20, 25).forEach(i -> records.add(structured(topic, userCreated(SHOP, "s-" + i, i))));
        IntStream.range(5, 10).forEach(i -> records.add(structured(topic, userCreated(SHOP, "b-" + i, i))));
        publish(records);

        try (RunningService service = start(mode, topic, EventFormat.CLOUDEVENTS)) {
            service.awaitAccountedFor(55);
            assertThat(service.statistics().processed()).isEqualTo(40);
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(15);
            assertThat(service.statistics().deadLettered()).isZero();
        }
        TestKafka.rewindToBeginning(SERVICE, topic, 1);
        try (RunningService service = start(mode, topic, EventFormat.CLOUDEVENTS)) {
            service.awaitAccountedFor(55);
            assertThat(service.statistics().processed()).isZero();
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(55);
        }

        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(40);
        assertThat(db.query("SELECT event_id FROM processed_events ORDER BY 1"))
                .hasSize(40).contains(SHOP + " b-0", SHOP + " s-39");
        assertThat(TestKafka.committedOffsets(SERVICE, topic)).isEqualTo(Map.of(0, 55L));
    }

    @Test
    void theSameIdFromTwoSourcesIsProcessedOnceEach() throws Exception {
        String topic = TestKafka.freshTopic("cloudevents-sources", 1);
        URI shopA = URI.create("https://shop-a.example/users");
        URI shopB = URI.create("https://shop-b.example/users");
        publish(List.of(binary(topic, userCreated(shopA, "42", 1)), structured(topic, userCreated(shopB, "42", 2)),
                binary(topic, userCreated(shopA, "42", 1)), binary(topic, userCreated(shopB, "42", 2))));

        try (RunningService service = start(ProcessingMode.BATCH, topic, EventFormat.CLOUDEVENTS)) {
            service.awaitAccountedFor(4);
            assertThat(service.statistics().processed()).isEqualTo(2);
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(2);
        }

        assertThat(db.query("SELECT event_id FROM processed_events ORDER BY 1")).containsExactly(shopA + " 42", shopB + " 42");
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(2);
    }

    @Test
    void autoReadsTheNativeEnvelopeAndCloudEventsSideBySide() throws Exception {
        String topic = TestKafka.freshTopic("cloudevents-auto", 1);
        ProducerRecord<byte[], byte[]> nativeEnvelope = new ProducerRecord<>(topic, utf8("""
                {"eventId":"native-1","type":"UserCreated","occurredAt":"2026-11-28T10:00:00Z",
                 "payload":{"userId":"%s","email":"user3@example.org","name":"User 3"}}""".formatted(userId(3))));
        publish(List.of(nativeEnvelope, binary(topic, userCreated(SHOP, "1", 1)), structured(topic, userCreated(SHOP, "2", 2))));

        try (RunningService service = start(ProcessingMode.BATCH, topic, EventFormat.AUTO)) {
            service.awaitAccountedFor(3);
            assertThat(service.statistics().processed()).isEqualTo(3);
        }

        assertThat(db.query("SELECT event_id FROM processed_events ORDER BY 1"))
                .containsExactly(SHOP + " 1", SHOP + " 2", "native-1");
    }

    @Test
    void everyBadInputIsDeadLetteredWithItsReasonAndTheRestIsProcessed() throws Exception {
        String topic = TestKafka.freshTopic("cloudevents-bad", 1);
        String data = data(7);
        List<ProducerRecord<byte[], byte[]>> records = List.of(
                binary(topic, userCreated(SHOP, "good-1", 1)),
                raw(topic, data, "ce_specversion", "1.0", "ce_source", SHOP.toString(), "ce_type", UserCreated.TYPE),
                raw(topic, data, "ce_specversion", "1.0", "ce_id", "e", "ce_type", UserCreated.TYPE),
                raw(topic, data, "ce_specversion", "1.0", "ce_id", "e", "ce_source", SHOP.toString()),
                raw(topic, data, "ce_id", "e", "ce_source", SHOP.toString(), "ce_type", UserCreated.TYPE),
                raw(topic, "{\"id\":\"e\",\"source\":\"/s\",\"type\":\"UserCreated\",\"data\":" + data + "}",
                        "content-type", "application/cloudevents+json"),
                raw(topic, data, headers("e", "com.example.user.deleted")),
                raw(topic, "{\"userId\":", headers("e", UserCreated.TYPE)),
                raw(topic, data.replace("user7@example.org", "not an address"), headers("e", UserCreated.TYPE)),
                raw(topic, data, headers("e\u0000", UserCreated.TYPE)),
                raw(topic, "{\"specversion\":\"1.0\",\"id\":\"e\\ud800\",\"source\":\"/s\",\"type\":\"UserCreated\",\"data\":"
                        + data + "}", "content-type", "application/cloudevents+json"),
                raw(topic, data, headers("e".repeat(300 - SHOP.toString().length()), UserCreated.TYPE)),
                new ProducerRecord<>(topic, utf8("{\"eventId\":\"native-1\"}")),
                structured(topic, userCreated(SHOP, "good-2", 2)));
        publish(records);

        try (RunningService service = start(ProcessingMode.BATCH, topic, EventFormat.CLOUDEVENTS)) {
            service.awaitAccountedFor(records.size());
            assertThat(service.statistics().processed()).isEqualTo(2);
            assertThat(service.statistics().deadLetteredByReason()).isEqualTo(Map.of("undecodable", 12L));
        }

        assertThat(db.query("SELECT event_id FROM processed_events ORDER BY 1"))
                .containsExactly(SHOP + " good-1", SHOP + " good-2");
        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 12);
        assertThat(deadLetters).extracting(record -> TestKafka.header(record, DeadLetterTopic.REASON)).satisfiesExactly(
                reason -> assertThat(reason).isEqualTo("id is missing (no header ce_id)"),
                reason -> assertThat(reason).isEqualTo("source is missing (no header ce_source)"),
                reason -> assertThat(reason).isEqualTo("type is missing (no header ce_type)"),
                reason -> assertThat(reason).isEqualTo("specversion is missing (no header ce_specversion)"),
                reason -> assertThat(reason).isEqualTo("specversion is missing"),
                reason -> assertThat(reason).isEqualTo("unknown event type 'com.example.user.deleted', expected one of "
                        + "[UserCreated]"),
                reason -> assertThat(reason).startsWith("data is not JSON: Unexpected end-of-input"),
                reason -> assertThat(reason).startsWith("data of UserCreated: e-mail address is not of the form"),
                reason -> assertThat(reason).isEqualTo("source and id, the ledger key '<source> <id>': event id must not "
                        + "contain the NUL character (PostgreSQL cannot store it)"),
                reason -> assertThat(reason).startsWith("source and id, the ledger key '<source> <id>': event id must not "
                        + "contain a lone surrogate"),
                reason -> assertThat(reason).isEqualTo("source and id, the ledger key '<source> <id>': event id must be at "
                        + "most 255 characters, was 301"),
                reason -> assertThat(reason).isEqualTo("not a CloudEvent: no header ce_specversion, and no content-type "
                        + "application/cloudevents+json"));
        assertThat(deadLetters).extracting(record -> TestKafka.header(record, DeadLetterTopic.ORIGINAL_OFFSET))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        assertThat(TestKafka.committedOffsets(SERVICE, topic)).isEqualTo(Map.of(0, 14L));
    }

    private static RunningService start(ProcessingMode mode, String topic, EventFormat format) {
        return RunningService.start(ServiceUnderTest.of(SERVICE, topic, db).withMode(mode).settings().withEventFormat(format),
                RunningService.sampleHandler());
    }

    private static CloudEvent userCreated(URI source, String id, int user) {
        return CloudEventBuilder.v1().withId(id).withSource(source).withType(UserCreated.TYPE)
                .withTime(OffsetDateTime.parse("2026-11-28T10:00:00Z")).withDataContentType("application/json")
                .withData(utf8(data(user))).build();
    }

    private static String data(int user) {
        return """
                {"userId":"%s","email":"user%d@example.org","name":"User %d"}""".formatted(userId(user), user, user);
    }

    private static String userId(int user) {
        return "00000000-0000-4000-8000-%012d".formatted(user);
    }

    private static ProducerRecord<byte[], byte[]> binary(String topic, CloudEvent event) {
        return bytesKeyed(KafkaMessageFactory.createWriter(topic).writeBinary(event));
    }

    private static ProducerRecord<byte[], byte[]> structured(String topic, CloudEvent event) {
        return bytesKeyed(KafkaMessageFactory.createWriter(topic).writeStructured(event, JsonFormat.CONTENT_TYPE));
    }

    private static ProducerRecord<byte[], byte[]> bytesKeyed(ProducerRecord<Void, byte[]> written) {
        return new ProducerRecord<>(written.topic(), null, null, null, written.value(), written.headers());
    }

    /** A binary event with these id and type, from {@link #SHOP}. */
    private static Headers headers(String id, String type) {
        return headers("ce_specversion", "1.0", "ce_id", id, "ce_source", SHOP.toString(), "ce_type", type,
                "content-type", "application/json");
    }

    private static Headers headers(String... keysAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            headers.add(keysAndValues[i], utf8(keysAndValues[i + 1]));
        }
        return headers;
    }

    private static ProducerRecord<byte[], byte[]> raw(String topic, String value, String... headerKeysAndValues) {
        return raw(topic, value, headers(headerKeysAndValues));
    }

    private static ProducerRecord<byte[], byte[]> raw(String topic, String value, Headers headers) {
        return new ProducerRecord<>(topic, null, null, null, utf8(value), headers);
    }

    /** In this order, each acknowledged before this returns. */
    private static void publish(List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException, ExecutionException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                acknowledgements.add(producer.send(record));
            }
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get();
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
