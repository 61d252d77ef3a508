package dev.eventidempotency.application.idempotency.port.out;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.List;
import java.util.Map;

/** Port: the stored consumed positions of each service (see {@link dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase}). */
public interface ConsumedPositions {

    /** Overwrites each partition's position: a lower one (an operator's rewind) is as true as a higher one. */
    void save(Transaction transaction, ServiceName service, List<ConsumedPosition> positions);

    Map<Integer, Long> load(Transaction transaction, ServiceName service, TopicName topic);
}
