package dev.eventidempotency.adapter.kafka.cloudevents;

import dev.eventidempotency.adapter.kafka.EventDecoder;
import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Chooses per record, for a topic whose producers move to CloudEvents one by one: a record with a mark of
 * the CloudEvents binding (a {@code ce_*} header, or a content type {@code application/cloudevents...}) is
 * decoded as a CloudEvent, any other in the service's native envelope.
 */
public final class CloudEventOrNativeDecoder<P> implements EventDecoder<P> {

    private final EventDecoder<P> cloudEvents;
    private final EventDecoder<P> nativeEnvelope;

    public CloudEventOrNativeDecoder(EventDecoder<P> cloudEvents, EventDecoder<P> nativeEnvelope) {
        this.cloudEvents = cloudEvents;
        this.nativeEnvelope = nativeEnvelope;
    }

    @Override
    public IncomingEvent<P> decode(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException {
        return CloudEventsBinding.marks(record) ? cloudEvents.decode(record) : nativeEnvelope.decode(record);
    }
}
