package dev.eventidempotency.archfixture.ledgermaintenance.bootstrap;

import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;

/** The violation: a command removes a ledger row itself, and nothing records it. */
public final class RemovalShortcut {

    public void removeWithoutAudit(Transaction transaction, LedgerMaintenance maintenance, EventId eventId,
            ServiceName service) {
        maintenance.remove(transaction, eventId, service);
    }
}
