package dev.eventidempotency.bootstrap.config;

import java.time.Duration;

/** Validated {@link RetentionOptions}; {@code strict}: refuse to start when a replay could outreach the ledger. */
public record RetentionSettings(Duration retention, Duration purgeInterval, int purgeBatchSize, boolean strict) {
}
