package dev.eventidempotency.application.ledger.port.in;

import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import java.util.Optional;

/** Use case: make the ledger forget an event, so that a replay processes it again. */
public interface ForgetEventUseCase {

    /** The removed row (in a dry run: the row that would be removed); empty when there is none. */
    Optional<LedgerEntry> forget(ForgetRequest request);
}
