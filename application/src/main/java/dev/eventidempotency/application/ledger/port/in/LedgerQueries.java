package dev.eventidempotency.application.ledger.port.in;

import dev.eventidempotency.application.ledger.port.out.DuplicateClaim;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.List;
import java.util.Optional;

/** Use case: the troubleshooting lookup and the monitoring query, without pasting SQL. */
public interface LedgerQueries {

    /** Which services have processed the event, and when; empty when none has. */
    List<LedgerEntry> show(EventId eventId, Optional<ServiceName> service);

    /** Events held more than once for a service: empty whenever the unique key is in place. */
    List<DuplicateClaim> duplicates();
}
