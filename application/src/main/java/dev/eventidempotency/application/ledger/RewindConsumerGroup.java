package dev.eventidempotency.application.ledger;

import dev.eventidempotency.application.ledger.port.in.ReplayPlan;
import dev.eventidempotency.application.ledger.port.in.ReplayRefusedException;
import dev.eventidempotency.application.ledger.port.in.ReplayRequest;
import dev.eventidempotency.application.ledger.port.in.ReplayStart;
import dev.eventidempotency.application.ledger.port.in.ReplayUseCase;
import dev.eventidempotency.application.ledger.port.out.ConsumerGroupOffsets;
import dev.eventidempotency.application.ledger.port.out.GroupNotEmptyException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rewinds a service's consumer group so that it reads records again. The ledger skips what it still
 * holds; only events it has forgotten (or purged) are processed again.
 */
public final class RewindConsumerGroup implements ReplayUseCase {

    private final ConsumerGroupOffsets offsets;

    public RewindConsumerGroup(ConsumerGroupOffsets offsets) {
        this.offsets = Objects.requireNonNull(offsets, "offsets");
    }

    @Override
    public ReplayPlan replay(ReplayRequest request) {
        if (!request.force()) {
            List<String> members = offsets.liveMembers(request.service());
            if (!members.isEmpty()) {
                throw ReplayRefusedException.liveMembers(request.service().value(), members);
            }
        }
        Map<Integer, Long> ends = offsets.endOffsets(request.topic());
        request.partition().filter(partition -> !ends.containsKey(partition)).ifPresent(missing -> {
            throw new IllegalArgumentException("topic '" + request.topic() + "' has no partition " + missing
                    + "; its partitions are 0 to " + (ends.size() - 1));
        });
        Map<Integer, Long> targets = targets(request, ends);
        Map<Integer, Long> committed = offsets.committed(request.service(), request.topic());
        try {
            offsets.moveTo(request.service(), request.topic(), targets);
        } catch (GroupNotEmptyException refused) {
            throw new ReplayRefusedException("the broker refused to move the offsets of consumer group '"
                    + request.service() + "' (" + refused.getMessage() + "): it never moves the offsets of a group "
                    + "with live members. Stop every instance of the service and run replay again.");
        }
        Map<Integer, ReplayPlan.Move> moves = new HashMap<>();
        targets.forEach((partition, to) ->
                moves.put(partition, new ReplayPlan.Move(Optional.ofNullable(committed.get(partition)), to)));
        return ReplayPlan.of(moves);
    }

    private Map<Integer, Long> targets(ReplayRequest request, Map<Integer, Long> ends) {
        Map<Integer, Long> targets = new HashMap<>();
        if (request.start() instanceof ReplayStart.AtTime atTime) {
            targets.putAll(offsets.offsetsAt(request.topic(), atTime.time()));
        } else if (request.start() instanceof ReplayStart.AtOffset atOffset) {
            // An offset past the end would make the consumer reset to the earliest record: a full replay.
            ends.forEach((partition, end) -> {
                if (atOffset.offset() > end && request.partition().map(partition::equals).orElse(true)) {
                    throw new IllegalArgumentException("offset " + atOffset.offset() + " is past the end of partition "
                            + partition + " of '" + request.topic() + "', which is " + end);
                }
                targets.put(partition, atOffset.offset());
            });
        }
        request.partition().ifPresent(only -> targets.keySet().retainAll(List.of(only)));
        return targets;
    }
}
