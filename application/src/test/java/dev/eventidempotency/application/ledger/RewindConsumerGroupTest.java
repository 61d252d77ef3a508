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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the replay decides before it asks the broker to move anything: the refusals, and the rewinds it
 * allows. The broker's side is in ReplayCommandIT.
 */
class RewindConsumerGroupTest {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final TopicName TOPIC = new TopicName("user-events");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private final FakeGroup group = new FakeGroup();
    private final RewindConsumerGroup replay = new RewindConsumerGroup(group, Clock.fixed(NOW, ZoneOffset.UTC));

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
    void anOffsetAtOrBeforeEveryPartitionsPositionMovesEveryPartitionOrOnlyTheOneNamedAndReportsWhereEachWas() {
        ReplayPlan all = replay.replay(request(new ReplayStart.AtOffset(0), Optional.empty(), false));
        assertThat(all.moves()).isEqualTo(Map.of(
                0, new ReplayPlan.Move(Optional.of(10L), 0),
                1, new ReplayPlan.Move(Optional.of(20L), 0),
                2, new ReplayPlan.Move(Optional.empty(), 0)));

        ReplayPlan one = replay.replay(request(new ReplayStart.AtOffset(3), Optional.of(1), false));
        assertThat(one.moves()).isEqualTo(Map.of(1, new ReplayPlan.Move(Optional.of(20L), 3)));
        assertThat(group.moved.get(1)).isEqualTo(Map.of(1, 3L));
    }

    @Test
    void theCommittedOffsetItselfIsAllowedItMovesNothingForward() {
        ReplayPlan plan = replay.replay(request(new ReplayStart.AtOffset(10), Optional.of(0), false));

        assertThat(plan.moves()).isEqualTo(Map.of(0, new ReplayPlan.Move(Optional.of(10L), 10)));
    }

    @Test
    void anOffsetBeyondSomePartitionsCommittedOffsetIsRefusedForThemAndNothingMoves() {
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(15), Optional.empty(), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessage("""
                        a replay only moves consumer group 'user-service' backwards, and on topic 'user-events' this one \
                        would move it forward, past records it has not processed:
                          partition 0: committed offset 10, resumes at 10; 15 would skip 5 record(s) it has not processed
                          partition 2: no committed offset, resumes at 0; 15 would skip 15 record(s) it has not processed
                        Nothing was changed. Choose an earlier --from-timestamp or a smaller --from-offset \
                        (with --partition for one partition).""");
        assertThat(group.moved).isEmpty();
    }

    @Test
    void anOffsetBeyondTheNamedPartitionsCommittedOffsetIsRefused() {
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(11), Optional.of(0), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("partition 0: committed offset 10, resumes at 10; 11 would skip 1 record(s)")
                .hasMessageNotContaining("partition 2");
        assertThat(group.moved).isEmpty();
    }

    @Test
    void withoutACommittedOffsetThePartitionMayGoBackToItsFirstRecordButNotBeyond() {
        group.starts = Map.of(0, 0L, 1, 0L, 2, 4L);

        assertThat(replay.replay(request(new ReplayStart.AtOffset(4), Optional.of(2), false)).moves())
                .isEqualTo(Map.of(2, new ReplayPlan.Move(Optional.empty(), 4)));
        assertThat(replay.replay(request(new ReplayStart.AtOffset(2), Optional.of(2), false)).moves())
                .as("before the first record: the consumer starts at the first record, as it would anyway")
                .isEqualTo(Map.of(2, new ReplayPlan.Move(Optional.empty(), 2)));
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(5), Optional.of(2), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("partition 2: no committed offset, resumes at 4; 5 would skip 1 record(s)");
        assertThat(group.moved).hasSize(2);
    }

    @Test
    void aCommittedOffsetBelowTheFirstRecordResumesAtTheFirstRecord() {
        group.starts = Map.of(0, 12L, 1, 0L, 2, 0L);

        assertThat(replay.replay(request(new ReplayStart.AtOffset(12), Optional.of(0), false)).moves())
                .isEqualTo(Map.of(0, new ReplayPlan.Move(Optional.of(10L), 12)));
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(13), Optional.of(0), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("partition 0: committed offset 10, resumes at 12; 13 would skip 1 record(s)");
    }

    @Test
    void anOffsetPastTheEndIsRefusedBecauseTheConsumerWouldStartOverFromTheBeginning() {
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtOffset(41), Optional.of(1), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset 41 is past the end of partition 1 of 'user-events', which is 40");
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
        group.atTime = Map.of(0, 7L, 1, 8L, 2, 0L);

        ReplayPlan plan = replay.replay(request(new ReplayStart.AtTime(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.empty(), false));

        assertThat(plan.moves()).extractingFromEntries(entry -> entry.getValue().to()).containsExactly(7L, 8L, 0L);
    }

    @Test
    void aTimeThatFallsBeyondALaggingPartitionsCommittedOffsetIsRefusedForThatPartition() {
        // Partition 1 lags: committed 20 of 40. The time's first record there is at 25.
                group.atTime = Map.of(0, 7L, 1, 25L, 2, 0L);

        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtTime(Instant.parse("2026-05-31T23:00:00Z")),
                Optional.empty(), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageContaining("\n  partition 1: committed offset 20, resumes at 20; 25 would skip 5 record(s) it has "
                        + "not processed\nNothing was changed.");
        assertThat(group.moved).isEmpty();
    }

    @Test
    void aTimeInTheFutureIsRefusedWhateverThePartitions() {
        assertThatThrownBy(() -> replay.replay(request(new ReplayStart.AtTime(NOW.plusSeconds(60)), Optional.empty(), false)))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageStartingWith("--from-timestamp 2026-06-01T00:01:00Z is in the future (it is 2026-06-01T00:00:00Z "
                        + "here): every partition would move to its end");
        assertThat(group.moved).isEmpty();
    }

    private static ReplayRequest request(ReplayStart start, Optional<Integer> partition, boolean force) {
        return new ReplayRequest(SERVICE, TOPIC, start, partition, force);
    }

    private static final class FakeGroup implements ConsumerGroupOffsets {

        List<String> members = List.of();
        boolean brokerRefuses;
        Map<Integer, Long> ends = Map.of(0, 40L, 1, 40L, 2, 30L);
        Map<Integer, Long> starts = Map.of(0, 0L, 1, 0L, 2, 0L);
        Map<Integer, Long> atTime = Map.of();
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
            return ends;
        }

        @Override
        public Map<Integer, Long> startOffsets(TopicName topic) {
            return starts;
        }

        @Override
        public Map<Integer, Long> offsetsAt(TopicName topic, Instant time) {
            return atTime;
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
