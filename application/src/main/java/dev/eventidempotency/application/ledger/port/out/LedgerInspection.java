package dev.eventidempotency.application.ledger.port.out;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: read-only questions about the ledger, asked inside a unit of work like every other statement. */
public interface LedgerInspection {

    /** The rows of the event, for one service or, when none is given, for every service. */
    List<LedgerEntry> entries(Transaction transaction, EventId eventId, Optional<ServiceName> service);

    /** Every (event, service) the ledger holds more than once. */
    List<DuplicateClaim> duplicates(Transaction transaction);

    /** The rows processed before the cut-off, of one service or, when none is given, of every service. */
    long countProcessedBefore(Transaction transaction, Optional<ServiceName> service, Instant cutoff);
}
