package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a record's bytes into a validated event, or says why it never can. */
@FunctionalInterface
public interface EventDecoder<P> {

    IncomingEvent<P> decode(ConsumerRecord<byte[], byte[]> record) throws UndecodableRecordException;
}
