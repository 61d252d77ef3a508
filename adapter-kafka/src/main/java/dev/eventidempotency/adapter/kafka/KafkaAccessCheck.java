package dev.eventidempotency.adapter.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * The first call of the service to Kafka, made at start-up: refused credentials end the start with a
 * message that names the settings to check, instead of a consumer that retries them for ever.
 */
final class KafkaAccessCheck {

    private KafkaAccessCheck() {
    }

    /** Returns once the cluster answered; throws when it refused the credentials or did not answer in time. */
    static void verify(Admin admin, KafkaConnection connection) {
        try {
            admin.describeCluster().clusterId().get(KafkaTopics.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof AuthenticationException refused) {
                // Kafka's message names the mechanism, never the secret; ours names the settings.
                throw new IllegalStateException("Kafka at " + connection.bootstrapServers() + " refused the credentials: "
                        + refused.getMessage() + ". Check sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG or "
                        + "KAFKA_SASL_JAAS_CONFIG_FILE), sasl.mechanism (KAFKA_SASL_MECHANISM) and security.protocol "
                        + "(KAFKA_SECURITY_PROTOCOL); see docs/security.md", refused);
            }
            throw new IllegalStateException("Kafka at " + connection.bootstrapServers() + " could not be reached: "
                    + failed.getCause().getMessage(), failed.getCause());
        } catch (TimeoutException | InterruptedException unreachable) {
            throw KafkaTopics.unreachable(unreachable);
        }
    }
}
