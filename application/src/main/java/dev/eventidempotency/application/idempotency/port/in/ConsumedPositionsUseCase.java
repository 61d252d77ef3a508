package dev.eventidempotency.application.idempotency.port.in;

import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.List;
import java.util.Map;

/**
 * Use case: the database's own record of how far this service consumed, next to the effects. Kept
 * after the effects commit and before the broker's offsets, so it never runs ahead of them: a
 * database restored to an earlier point (or failed over to a replica that lagged) brings an older
 * position back with its older effects, and the consumer goes on from there instead of from the
 * broker's offsets, which know nothing of the restore.
 */
public interface ConsumedPositionsUseCase {

    /** Records the positions in one unit of work; throws when the database cannot take them. */
    void keep(List<ConsumedPosition> positions);

    /** The recorded next offset per partition of the topic; partitions never recorded are absent. */
    Map<Integer, Long> recorded(TopicName topic);
}
