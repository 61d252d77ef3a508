package dev.eventidempotency.application.outbox.port.out;

/** Port: hands one message of an outbox to its receiver. Returns once the receiver has accepted it. */
public interface OutboxSender<M> {

    /** @throws NotSentException if the receiver did not accept it, saying whether a retry may succeed */
    void send(M message);
}
