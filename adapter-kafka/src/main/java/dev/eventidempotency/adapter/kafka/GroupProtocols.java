package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the consumer's group protocol at start-up, asking the brokers when the operator left it to them. */
final class GroupProtocols {

    private static final Logger LOG = LoggerFactory.getLogger(GroupProtocols.class);
    /** The feature whose level 1 enables the consumer group protocol (KIP-848) on a Kafka 4 cluster. */
    private static final String GROUP_VERSION = "group.version";

    private GroupProtocols() {
    }

    /**
     * The protocol to configure: an explicit choice as it is; {@code auto} asks the brokers. Under the
     * consumer protocol a session timeout other than Kafka's default is the group's to set, on the
     * broker: the operator is told, since the setting would otherwise be ignored in silence.
     */
    static GroupProtocol chooseFor(KafkaListenerSettings settings) {
        GroupProtocolChoice choice = settings.membership().protocol();
        GroupProtocol chosen =
                choice.resolve(choice == GroupProtocolChoice.AUTO && consumerProtocolEnabled(settings.connection()));
        Duration session = settings.groupTimeouts().session();
        if (chosen == GroupProtocol.CONSUMER && !session.equals(GroupTimeouts.KAFKA_DEFAULTS.session())) {
            LOG.warn("KAFKA_SESSION_TIMEOUT_MS ({} ms) applies to the classic group protocol only: under the consumer "
                    + "protocol the session is the group's, set on the broker (group config consumer.session.timeout.ms "
                    + "for group {}, or the broker's group.consumer.session.timeout.ms)", session.toMillis(), settings.service());
        }
        return chosen;
    }

    private static boolean consumerProtocolEnabled(KafkaConnection connection) {
        try (Admin admin = KafkaTopics.admin(connection)) {
            FinalizedVersionRange level = admin.describeFeatures().featureMetadata()
                    .get(KafkaTopics.TIMEOUT_SECONDS, TimeUnit.SECONDS).finalizedFeatures().get(GROUP_VERSION);
            boolean enabled = level != null && level.maxVersionLevel() >= 1;
            if (!enabled) {
                LOG.info("The brokers at {} do not run the consumer group protocol ({} is {}): using the classic protocol",
                        connection.bootstrapServers(), GROUP_VERSION, level == null ? "not finalized" : level.maxVersionLevel());
            }
            return enabled;
        } catch (ExecutionException | TimeoutException unanswered) {
            LOG.warn("Could not ask the brokers at {} for their features: using the classic group protocol (set "
                    + "KAFKA_GROUP_PROTOCOL to choose)", connection.bootstrapServers(), unanswered);
            return false;
        } catch (InterruptedException interrupted) {
            throw KafkaTopics.unreachable(interrupted);
        }
    }
}
