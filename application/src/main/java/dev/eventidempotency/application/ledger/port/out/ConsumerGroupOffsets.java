package dev.eventidempotency.application.ledger.port.out;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Port: a service's consumer group (its name is the service's) and the offsets it has committed. */
public interface ConsumerGroupOffsets {

    /** The live members of the group, described for a person (client id and host). */
    List<String> liveMembers(ServiceName group);

    /** The committed offset per partition of the topic; partitions without one are absent. */
    Map<Integer, Long> committed(ServiceName group, TopicName topic);

    /** The offset after the last record, per partition: also the topic's set of partitions. */
    Map<Integer, Long> endOffsets(TopicName topic);

    /** The offset of the first record the partition still holds (retention deletes older ones), per partition. */
    Map<Integer, Long> startOffsets(TopicName topic);

    /** Per partition, the first offset whose record was published at or after the time (else the end). */
    Map<Integer, Long> offsetsAt(TopicName topic, Instant time);

    /**
     * Moves the group's committed offsets; throws {@link GroupNotEmptyException} when the broker
     * refuses because members are connected.
     */
    void moveTo(ServiceName group, TopicName topic, Map<Integer, Long> offsets);
}
