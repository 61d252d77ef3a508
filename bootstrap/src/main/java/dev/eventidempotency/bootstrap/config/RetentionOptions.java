package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.invalid;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import java.util.Locale;
import picocli.CommandLine.Option;

/** The ledger's retention while the service runs: how long rows stay, how often and how much to purge. */
public final class RetentionOptions {

    public static final String DEFAULT_PURGE_BATCH_SIZE = "1000";
    public static final int MAX_PURGE_BATCH_SIZE = 100_000;

    @Option(names = "--ledger-retention", paramLabel = "DURATION", defaultValue = "30d",
            description = "Ledger rows processed longer ago than this are purged: 30d, 12h, 90m or ISO-8601 (PT1H). "
                    + "Must cover the topic's retention.ms + segment.ms (see LEDGER_RETENTION_CHECK). "
                    + "Env: LEDGER_RETENTION. Default: ${DEFAULT-VALUE}.")
    String retention;

    @Option(names = "--ledger-purge-interval", paramLabel = "DURATION", defaultValue = "24h",
            description = "Time between two purges; the first runs one interval (at most a minute) after the start. "
                    + "Env: LEDGER_PURGE_INTERVAL. Default: ${DEFAULT-VALUE}.")
    String purgeInterval;

    @Option(names = "--ledger-purge-batch-size", paramLabel = "N", defaultValue = DEFAULT_PURGE_BATCH_SIZE,
            description = "Most rows a purge deletes per transaction. Env: LEDGER_PURGE_BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    int purgeBatchSize;

    @Option(names = "--ledger-retention-check", paramLabel = "warn|strict", defaultValue = "warn",
            description = "At start-up, when a replay could reach events whose ledger rows are already purged: warn, "
                    + "or refuse to start (strict). Env: LEDGER_RETENTION_CHECK. Default: ${DEFAULT-VALUE}.")
    String retentionCheck;

    public RetentionSettings settings() {
        if (purgeBatchSize < 1 || purgeBatchSize > MAX_PURGE_BATCH_SIZE) {
            throw invalid("--ledger-purge-batch-size",
                    "expected a number from 1 to " + MAX_PURGE_BATCH_SIZE + ", was " + purgeBatchSize);
        }
        boolean strict = parse("--ledger-retention-check", retentionCheck, value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "warn" -> false;
            case "strict" -> true;
            default -> throw new IllegalArgumentException("expected warn or strict, was '" + value + "'");
        });
        return new RetentionSettings(parse("--ledger-retention", retention, DurationText::parse),
                parse("--ledger-purge-interval", purgeInterval, DurationText::parse), purgeBatchSize, strict);
    }
}
