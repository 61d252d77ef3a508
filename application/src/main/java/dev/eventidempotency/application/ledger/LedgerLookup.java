package dev.eventidempotency.application.ledger;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.in.LedgerQueries;
import dev.eventidempotency.application.ledger.port.out.DuplicateClaim;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The ledger's read-only questions, each in a short transaction of its own. */
public final class LedgerLookup implements LedgerQueries {

    private final UnitOfWork unitOfWork;
    private final LedgerInspection inspection;

    public LedgerLookup(UnitOfWork unitOfWork, LedgerInspection inspection) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.inspection = Objects.requireNonNull(inspection, "inspection");
    }

    @Override
    public List<LedgerEntry> show(EventId eventId, Optional<ServiceName> service) {
        return unitOfWork.inTransaction(transaction -> inspection.entries(transaction, eventId, service));
    }

    @Override
    public List<DuplicateClaim> duplicates() {
        return unitOfWork.inTransaction(inspection::duplicates);
    }
}
