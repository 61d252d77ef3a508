package dev.eventidempotency.application.outbox.port.out;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one message of a batch: accepted by the receiver, or the failure that kept it out, a
 * {@link NotSentException} or one the sender did not expect.
 */
public record SendResult(Optional<RuntimeException> failure) {

    public static final SendResult ACCEPTED = new SendResult(Optional.empty());

    public SendResult {
        Objects.requireNonNull(failure, "failure");
    }

    public static SendResult failed(RuntimeException failure) {
        return new SendResult(Optional.of(failure));
    }
}
