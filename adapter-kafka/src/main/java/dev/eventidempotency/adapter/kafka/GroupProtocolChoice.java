package dev.eventidempotency.adapter.kafka;

import java.util.Locale;
import org.apache.kafka.clients.consumer.GroupProtocol;

/**
 * Which rebalance protocol the consumer speaks. The consumer protocol (KIP-848) moves partitions one
 * member at a time, without stopping the others, and computes assignments on the broker; the classic
 * protocol stops every member at each rebalance. The consumer protocol takes its session timeout and
 * heartbeat from the group's configuration on the broker, not from the consumer.
 */
public enum GroupProtocolChoice {

    /** The consumer protocol when the brokers have it enabled (feature {@code group.version} 1 or more), else classic. */
    AUTO,
    CONSUMER,
    CLASSIC;

    /** {@code auto}, {@code consumer} or {@code classic}, in any case. */
    public static GroupProtocolChoice fromLabel(String label) {
        for (GroupProtocolChoice choice : values()) {
            if (choice.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return choice;
            }
        }
        throw new IllegalArgumentException("expected auto, consumer or classic, was '" + label + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    GroupProtocol resolve(boolean brokersHaveConsumerProtocol) {
        return switch (this) {
            case AUTO -> brokersHaveConsumerProtocol ? GroupProtocol.CONSUMER : GroupProtocol.CLASSIC;
            case CONSUMER -> GroupProtocol.CONSUMER;
            case CLASSIC -> GroupProtocol.CLASSIC;
        };
    }
}
