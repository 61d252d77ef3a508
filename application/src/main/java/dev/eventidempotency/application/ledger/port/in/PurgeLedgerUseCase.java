package dev.eventidempotency.application.ledger.port.in;

import java.time.Duration;

/** Use case: retention, i.e. delete ledger rows processed longer ago than {@code olderThan}. */
public interface PurgeLedgerUseCase {

    PurgeReport purge(Duration olderThan, int batchSize, boolean dryRun);
}
