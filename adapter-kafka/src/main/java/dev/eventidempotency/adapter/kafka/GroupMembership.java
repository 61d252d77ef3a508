package dev.eventidempotency.adapter.kafka;

import java.util.Objects;
import java.util.Optional;

/**
 * How the listener takes part in its consumer group: the rebalance protocol, and optionally a static
 * identity ({@code group.instance.id}). A static member that restarts within the session timeout
 * gets its partitions back without a rebalance, which is what a rolling restart wants; each instance
 * then needs an identity of its own that survives its restarts (a StatefulSet pod name, say).
 */
public record GroupMembership(GroupProtocolChoice protocol, Optional<String> instanceId) {

    /** The consumer protocol where the brokers have it, dynamic membership. */
    public static final GroupMembership DEFAULT = new GroupMembership(GroupProtocolChoice.AUTO, Optional.empty());

    public GroupMembership {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(instanceId, "instanceId");
        if (instanceId.isPresent() && instanceId.get().isBlank()) {
            throw new IllegalArgumentException("a group instance id must not be blank");
        }
    }
}
