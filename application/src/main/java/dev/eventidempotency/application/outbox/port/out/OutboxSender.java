package dev.eventidempotency.application.outbox.port.out;

import java.util.ArrayList;
import java.util.List;

/** Port: hands messages of an outbox to their receiver. Returns once the receiver has answered for each. */
public interface OutboxSender<M> {

    /**
     * @param trace the trace of the work that queued the message, for the send to continue
     * @throws NotSentException if the receiver did not accept it, saying whether a retry may succeed
     */
    void send(M message, TraceContext trace);

    /**
     * Sends a batch and says, per message and in its order, whether the receiver accepted it. A receiver
     * that takes many messages before answering (a Kafka producer) overrides this to do so; by default
     * the messages go one after another, so the relay's lease must cover the whole batch.
     */
    default List<SendResult> sendAll(List<? extends Pending<M, ?>> batch) {
        List<SendResult> results = new ArrayList<>(batch.size());
        for (Pending<M, ?> pending : batch) {
            try {
                send(pending.message(), pending.trace());
                results.add(SendResult.ACCEPTED);
            } catch (RuntimeException failure) {
                results.add(SendResult.failed(failure));
            }
        }
        return results;
    }
}
