package dev.eventidempotency.archfixture.ledgermaintenance.application.ledger;

import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;

/** Allowed: a ledger use case removes the row and records the removal. */
public final class AuditedForget {

    public void forget(Transaction transaction, LedgerMaintenance maintenance, EventId eventId, ServiceName service) {
        maintenance.remove(transaction, eventId, service)
                .ifPresent(removed -> maintenance.recordForgotten(transaction, removed, "alice", "lost mail"));
    }
}
