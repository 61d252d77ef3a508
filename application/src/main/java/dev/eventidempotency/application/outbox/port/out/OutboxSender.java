package dev.eventidempotency.application.outbox.port.out;

/** Port: hands one message of an outbox to its receiver. Returns once the receiver has accepted it. */
public interface OutboxSender<M> {

    /**
     * @param trace the trace of the work that queued the message, for the send to continue
     * @throws NotSentException if the receiver did not accept it, saying whether a retry may succeed
     */
    void send(M message, TraceContext trace);
}
