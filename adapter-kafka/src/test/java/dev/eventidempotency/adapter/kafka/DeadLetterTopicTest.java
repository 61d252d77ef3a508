package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.domain.idempotency.ServiceName;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterTopicTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aDeadLetterCarriesTheOriginalsTraceContextOn() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());

        new DeadLetterTopic(producer, new ServiceName("service")).publish(traced(), DeadLetterReason.UNDECODABLE,
                "not JSON", null);

        assertThat(header(producer.history().get(0), "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(header(producer.history().get(0), "tracestate")).isEqualTo("vendor=value");
    }

    @Test
    void aReferenceToARecordTooLargeToDeadLetterCarriesItsTraceContextToo() {
        MockProducer<byte[], byte[]> producer = new TakesNoValue();

        new DeadLetterTopic(producer, new ServiceName("service")).publish(traced(), DeadLetterReason.UNDECODABLE,
                "not JSON", null);

        ProducerRecord<byte[], byte[]> reference = producer.history().get(0);
        assertThat(reference.value()).isEmpty();
        assertThat(header(reference, "traceparent")).isEqualTo(TRACEPARENT);
        assertThat(header(reference, "tracestate")).isEqualTo("vendor=value");
    }

    private static ConsumerRecord<byte[], byte[]> traced() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("events", 0, 7L, null,
                "not json".getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        record.headers().add("tracestate", "vendor=value".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Refuses every record with a value, as a broker refuses one larger than the dead-letter topic takes. */
    private static final class TakesNoValue extends MockProducer<byte[], byte[]> {

        TakesNoValue() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (record.value() != null && record.value().length > 0) {
                throw new RecordTooLargeException("larger than the topic takes");
            }
            return super.send(record, callback);
        }
    }
}
