package dev.eventidempotency.application.ledger;

import dev.eventidempotency.application.ledger.port.in.ReplayPlan;
import dev.eventidempotency.application.ledger.port.in.ReplayRefusedException;
import dev.eventidempotency.application.ledger.port.in.ReplayRequest;
import dev.eventidempotency.application.ledger.port.in.ReplayStart;
import dev.eventidempotency.application.ledger.port.in.ReplayUseCase;
import dev.eventidempotency.application.ledger.port.out.ConsumerGroupOffsets;
import dev.eventidempotency.application.ledger.port.out.GroupNotEmptyException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rewinds a service's consumer group so that it reads records again. The ledger skips what it still
 * holds; only events it has forgotten (or purged) are processed again.
 *
 * <p>It only ever moves the group backwards. A target beyond where the group would resume skips the
 * records in between: they were never processed, and nothing would read them again. So each target
 * is compared with the partition's resume position, and when any partition would move forward,
 * none is moved.
 */
public final class RewindConsumerGroup implements ReplayUseCase {

    private final ConsumerGroupOffsets offsets;
    private final Clock clock;

    public RewindConsumerGroup(ConsumerGroupOffsets offsets, Clock clock) {
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ReplayPlan replay(ReplayRequest request) {
        if (!request.force()) {
            List<String> members = offsets.liveMembers(request.service());
            if (!members.isEmpty()) {
                throw ReplayRefusedException.liveMembers(request.service().value(), members);
            }
        }
        if (request.start() instanceof ReplayStart.AtTime atTime && atTime.time().isAfter(clock.instant())) {
            throw ReplayRefusedException.futureTime(atTime.time(), clock.instant());
        }
        Map<Integer, Long> ends = offsets.endOffsets(request.topic());
        request.partition().filter(partition -> !ends.containsKey(partition)).ifPresent(missing -> {
            throw new IllegalArgumentException("topic '" + request.topic() + "' has no partition " + missing
                    + "; its partitions are 0 to " + (ends.size() - 1));
        });
        Map<Integer, Long> targets = targets(request, ends);
        Map<Integer, Long> committed = offsets.committed(request.service(), request.topic());
        refuseForwardMoves(request, targets, committed, offsets.startOffsets(request.topic()));
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

    /**
     * The group resumes at its committed offset. Without one (it has processed nothing of the
     * partition, or the broker expired its offsets), or with one below the first record the partition
     * still holds, the consumer starts at that first record ({@code auto.offset.reset=earliest}): that
     * is then where it resumes, and a target before it reads nothing more.
     */
    private static void refuseForwardMoves(ReplayRequest request, Map<Integer, Long> targets, Map<Integer, Long> committed,
            Map<Integer, Long> starts) {
        List<String> forward = new ArrayList<>();
        new TreeMap<>(targets).forEach((partition, target) -> {
            long start = starts.getOrDefault(partition, 0L);
            Optional<Long> commit = Optional.ofNullable(committed.get(partition));
            long resumesAt = commit.filter(offset -> offset >= start).orElse(start);
            if (target > resumesAt) {
                forward.add("partition " + partition + ": " + commit.map(offset -> "committed offset " + offset)
                        .orElse("no committed offset") + ", resumes at " + resumesAt + "; " + target + " would skip "
                        + (target - resumesAt) + " record(s) it has not processed");
            }
        });
        if (!forward.isEmpty()) {
            throw ReplayRefusedException.forward(request.service().value(), request.topic().value(), forward);
        }
    }
}
