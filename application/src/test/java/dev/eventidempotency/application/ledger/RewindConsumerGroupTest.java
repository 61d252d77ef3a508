package dev.eventidempotency.application.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.ledger.port.in.ReplayPlan;
import dev.eventidempotency.application.ledger.port.in.ReplayRefusedException;
import dev.eventidempotency.application.ledger.port.in.ReplayRequest;
import dev.eventidempotency.application.ledger.port.in.ReplayStart;
import dev.eventidempotency.application.ledger.port.out.ConsumerGroupOffsets;
import dev.eventidempotency.application.ledger.port.out.GroupNotEmptyException;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the replay decides before it asks the broker; the broker's side is in ReplayCommandIT. */
class RewindConsumerGroupTest {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final TopicName TOPIC = new TopicName("user-events");

    private final FakeGroup group = new FakeGroup();
    private final RewindConsumerGroup replay = new RewindConsumerGroup(group);

    @Test
    void refusesWhileTheGroupHasMembersAndMovesNothing() {
        group.members = List.of("user-service-consumer@/10.0.0.7");

        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(0), Optional.empty(), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("has 1 live member(s): user-service-consumer@/10.0.0.7")
                .hasMessageContaining("the broker refuses to move the offsets of a group with live members anyway");
        assertThat(group.moved).isEmpty();
    }

    @Test
    void forceSkipsTheCheckAndExplainsTheBrokersRefusal() {
        group.members = List.of("somebody");
        group.brokerRefuses = true;

        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(0), Optional.empty(), true)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("the broker refused")
                .hasMessageContaining("never moves the offsets of a group with live members");
    }

    @Test
    void anOffsetMovesEveryPartitionOrOnlyTheOneNamedAndReportsWhereEachWas() {
        ReplayPlan all = replay.replay(request(new ReplayStart.AtOffset(5), Optional.empty(), false));
        assertThat(all.moves()).isEqualTo(Map.of(
                0, new ReplayPlan.Move(Optional.of(10L), 5),
                1, new ReplayPlan.Move(Optional.of(20L), 5),
                2, new ReplayPlan.Move(Optional.empty(), 5)));

        ReplayPlan one = replay.replay(request(new ReplayStart.AtOffset(3), Optional.of(1), false));
        assertThat(one.moves()).isEqualTo(Map.of(1, new ReplayPlan.Move(Optional.of(20L), 3)));
        assertThat(group.moved.get(1)).isEqualTo(Map.of(1, 3L));
    }

    @Test
    void anOffsetPastTheEndIsRefusedBecauseTheConsumerWouldStartOverFromTheBeginning() {
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(21), Optional.of(1), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset 21 is past the end of partition 1 of 'user-events', which is 20");
        assertThat(group.moved).isEmpty();
    }

    @Test
    void aPartitionTheTopicLacksIsRefused() {
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(0), Optional.of(3), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic 'user-events' has no partition 3; its partitions are 0 to 2");
    }

    @Test
    void aTimeMovesToTheOffsetsTheBrokerFindsForIt() {
        ReplayPlan plan = replay.replay(request(new ReplayStart.AtTime(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.empty(), false));

        assertThat(plan.moves()).extractingFromEntries(entry -> entry.getValue().to()).containsExactly(7L, 8L, 9L);
    }

    private static ReplayRequest request(ReplayStart start, Optional<Integer> partition, boolean force) {
        return new ReplayRequest(SERVICE, TOPIC, start, partition, force);
    }

    private static final class FakeGroup implements ConsumerGroupOffsets {

        List<String> members = List.of();
        boolean brokerRefuses;
        final List<Map<Integer, Long>> moved = new ArrayList<>();

        @Override
        public List<String> liveMembers(ServiceName group) {
            return members;
        }

        @Override
        public Map<Integer, Long> committed(ServiceName group, TopicName topic) {
            return Map.of(0, 10L, 1, 20L);
        }

        @Override
        public Map<Integer, Long> endOffsets(TopicName topic) {
            return Map.of(0, 10L, 1, 20L, 2, 30L);
        }

        @Override
        public Map<Integer, Long> offsetsAt(TopicName topic, Instant time) {
            return Map.of(0, 7L, 1, 8L, 2, 9L);
        }

        @Override
        public void moveTo(ServiceName group, TopicName topic, Map<Integer, Long> offsets) {
            if (brokerRefuses) {
                throw new GroupNotEmptyException("UnknownMemberIdException", null);
            }
            moved.add(Map.copyOf(offsets));
        }
    }
}
