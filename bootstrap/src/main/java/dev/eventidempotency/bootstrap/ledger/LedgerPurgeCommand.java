package dev.eventidempotency.bootstrap.ledger;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.invalid;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.require;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.application.ledger.port.in.PurgeReport;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.DurationText;
import dev.eventidempotency.bootstrap.config.RetentionOptions;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Retention by hand: what {@code run} does on its schedule, under the same lock. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Deletes the ledger rows of SERVICE_NAME processed longer ago than --older-than, oldest first,",
                "in batches that are each a short transaction of their own; other services' rows in the same table",
                "are theirs to purge, unless --all-services. Skips when another purge of the same rows holds the lock.",
                "Rows younger than the topic's retention.ms + segment.ms protect against replays: see",
                "docs/operations.md, Retention."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:purged (dry run: counted)", "1:any other failure", "2:usage error",
                "3:the database cannot be used",
                "4:another purge of the same service (or of all services) is running; nothing was deleted"})
final class LedgerPurgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--older-than", paramLabel = "DURATION",
            description = "Delete rows processed longer ago than this: 30d, 12h, 90m, 45s or ISO-8601 (PT1H). Env: OLDER_THAN.")
    String olderThan;

    // The same variable as run's scheduled purge: one batch size for both.
    @Option(names = {"--ledger-purge-batch-size", "--batch-size"}, paramLabel = "N",
            defaultValue = RetentionOptions.DEFAULT_PURGE_BATCH_SIZE,
            description = "Most rows per batch (per transaction). Env: LEDGER_PURGE_BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    // The same variable as run's: the service purges by hand exactly what its schedule purges.
    @Option(names = {"--service-name", "--service"}, paramLabel = "NAME", defaultValue = "user-service",
            description = "Delete only this service's rows. Env: SERVICE_NAME. Default: ${DEFAULT-VALUE}.")
    String serviceName;

    @Option(names = "--all-services",
            description = "Delete every service's rows older than --older-than, whatever each service's own retention: "
                    + "a service that keeps its rows longer then processes those events again on a replay.")
    boolean allServices;

    @Option(names = "--dry-run", description = "Count the rows that would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Duration retention = parse("--older-than",
                require(olderThan, "--older-than", "a duration such as 30d, 12h, 90m or PT1H"), DurationText::parse);
        if (batchSize < 1 || batchSize > RetentionOptions.MAX_PURGE_BATCH_SIZE) {
            throw invalid("--ledger-purge-batch-size",
                    "expected a number from 1 to " + RetentionOptions.MAX_PURGE_BATCH_SIZE + ", was " + batchSize);
        }
        Optional<ServiceName> service = scope();
        String whose = service.map(only -> "of service '" + only + "'").orElse("of all services");
        PurgeReport report;
        try (PostgresDatabase db = database.open()) {
            report = CompositionRoot.ledgerPurging(db, database.postgres()).purge(service, retention, batchSize, dryRun);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (report.dryRun()) {
            out.printf("Dry run: %d ledger rows %s were processed and %d outbox messages sent before %s; nothing was deleted.%n",
                    report.rows(), whose, report.sentMessages(), report.cutoff());
            return ExitCodes.OK;
        }
        if (report.skipped()) {
            out.println("Another purge of these rows holds the lock on this ledger; nothing was deleted. Try again when it "
                    + "has finished.");
            return ExitCodes.REFUSED;
        }
        out.printf("Purged %d ledger rows %s processed and %d outbox messages sent before %s in %d batch(es) of at most %d, "
                + "in %d ms (%d rows/s).%n", report.rows(), whose, report.sentMessages(), report.cutoff(), report.batches(),
                batchSize, report.took().toMillis(), report.rowsPerSecond());
        return ExitCodes.OK;
    }

    /** SERVICE_NAME's rows, or with --all-services every service's; naming a service as well is a contradiction. */
    private Optional<ServiceName> scope() {
        if (!allServices) {
            return Optional.of(parse("--service-name", serviceName, ServiceName::new));
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--service-name")) {
            throw invalid("--all-services", "it purges every service's rows; leave out --service-name (or --service)");
        }
        return Optional.empty();
    }
}
