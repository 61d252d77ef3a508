package dev.eventidempotency.adapter.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/** Waits for an Admin API answer as every admin call here does: bounded, with the broker's own error. */
final class KafkaAdminCalls {

    private KafkaAdminCalls() {
    }

    /** The answer; a broker error is rethrown as its {@link ExecutionException#getCause() cause}. */
    static <T> T await(KafkaFuture<T> answer, String what) {
        try {
            return answer.get(KafkaTopics.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException brokerError) {
                throw brokerError;
            }
            throw new IllegalStateException("could not " + what + ": " + failed.getCause().getMessage(), failed.getCause());
        } catch (TimeoutException | InterruptedException unreachable) {
            throw KafkaTopics.unreachable(unreachable);
        }
    }
}
