package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.application.idempotency.port.out.ConsumedPositions;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Keeps and reads one service's consumed positions, each call in a unit of work of its own. */
public final class KeepConsumedPositions implements ConsumedPositionsUseCase {

    private final ServiceName service;
    private final UnitOfWork unitOfWork;
    private final ConsumedPositions positions;

    public KeepConsumedPositions(ServiceName service, UnitOfWork unitOfWork, ConsumedPositions positions) {
        this.service = Objects.requireNonNull(service, "service");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.positions = Objects.requireNonNull(positions, "positions");
    }

    @Override
    public void keep(List<ConsumedPosition> consumed) {
        if (!consumed.isEmpty()) {
            unitOfWork.inTransaction(transaction -> {
                positions.save(transaction, service, consumed);
                return null;
            });
        }
    }

    @Override
    public Map<Integer, Long> recorded(TopicName topic) {
        return unitOfWork.inTransaction(transaction -> positions.load(transaction, service, topic));
    }
}
