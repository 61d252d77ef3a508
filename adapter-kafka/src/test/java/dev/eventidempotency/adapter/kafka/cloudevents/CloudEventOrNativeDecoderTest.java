package dev.eventidempotency.adapter.kafka.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EVENT_FORMAT=auto: the binding's marks send a record to the CloudEvents decoder, their absence to the native one. */
class CloudEventOrNativeDecoderTest {

    private final CloudEventOrNativeDecoder<String> decoder =
            new CloudEventOrNativeDecoder<>(record -> event("cloudevents"), record -> event("native"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no header                        |                                          | native
            a JSON content type              | content-type=application/json            | native
            a tracing header                 | traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | native
            binary mode                      | ce_specversion=1.0                       | cloudevents
            a ce_ header without specversion | ce_id=1                                  | cloudevents
            structured mode                  | content-type=application/cloudevents+json | cloudevents
            structured mode, any case        | content-type=Application/CloudEvents+JSON; charset=UTF-8 | cloudevents
            a format this service lacks      | content-type=application/cloudevents+avro | cloudevents
            """)
    void choosesByTheMarksOfTheBinding(String caseName, String header, String chosen) throws UndecodableRecordException {
        RecordHeaders headers = new RecordHeaders();
        if (header != null) {
            String[] keyAndValue = header.split("=", 2);
            headers.add(keyAndValue[0], keyAndValue[1].getBytes(StandardCharsets.UTF_8));
        }
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("user-events", 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 2,
                null, "{}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());

        assertThat(decoder.decode(record).payload()).isEqualTo(chosen);
    }

    private static IncomingEvent<String> event(String decodedBy) {
        return new IncomingEvent<>(new EventId("e"), new TopicName("user-events"), Instant.EPOCH, decodedBy,
                PayloadFingerprint.of(decodedBy));
    }
}
