package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.application.outbox.port.out.OutboxInspection;
import java.util.function.Function;

/**
 * One outbox as the operator's commands see it: what its messages are called, how their ids read
 * (and are checked), and the port that shows and requeues them.
 */
record OperatedOutbox<I>(String messages, String message, String idName, Function<String, I> id,
        OutboxInspection<I> inspection) {
}
