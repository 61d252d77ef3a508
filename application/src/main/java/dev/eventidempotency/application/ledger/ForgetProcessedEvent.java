package dev.eventidempotency.application.ledger;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.in.ForgetEventUseCase;
import dev.eventidempotency.application.ledger.port.in.ForgetRequest;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * Removes an event's row and writes the audit record in one transaction: there is never a removal
 * without its record, nor a record of a removal that was rolled back.
 */
public final class ForgetProcessedEvent implements ForgetEventUseCase {

    private static final Logger LOG = System.getLogger(ForgetProcessedEvent.class.getName());

    private final UnitOfWork unitOfWork;
    private final LedgerInspection inspection;
    private final LedgerMaintenance maintenance;

    public ForgetProcessedEvent(UnitOfWork unitOfWork, LedgerInspection inspection, LedgerMaintenance maintenance) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.inspection = Objects.requireNonNull(inspection, "inspection");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
    }

    @Override
    public Optional<LedgerEntry> forget(ForgetRequest request) {
        if (request.dryRun()) {
            return unitOfWork.inTransaction(transaction -> inspection
                    .entries(transaction, request.eventId(), Optional.of(request.service())).stream().findFirst());
        }
        Optional<LedgerEntry> removed = unitOfWork.inTransaction(transaction -> {
            Optional<LedgerEntry> row = maintenance.remove(transaction, request.eventId(), request.service());
            row.ifPresent(entry -> maintenance.recordForgotten(transaction, entry, request.operator(), request.reason()));
            return row;
        });
        removed.ifPresent(entry -> LOG.log(Level.WARNING, "{0} made the ledger forget event {1} of service {2}: {3}",
                request.operator(), entry.eventId(), entry.serviceName(), request.reason()));
        return removed;
    }
}
