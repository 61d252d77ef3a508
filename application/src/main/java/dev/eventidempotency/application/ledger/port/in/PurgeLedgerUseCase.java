package dev.eventidempotency.application.ledger.port.in;

import dev.eventidempotency.domain.idempotency.ServiceName;
import java.time.Duration;
import java.util.Optional;

/**
 * Use case: retention, i.e. delete ledger rows processed longer ago than {@code olderThan}: the
 * service's own rows, or, when no service is given, every service's. Services that share a ledger
 * table each keep their rows for their own retention.
 */
public interface PurgeLedgerUseCase {

    PurgeReport purge(Optional<ServiceName> service, Duration olderThan, int batchSize, boolean dryRun);
}
