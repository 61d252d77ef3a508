package dev.eventidempotency.bootstrap;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.bootstrap.config.RetentionOptions;
import dev.eventidempotency.bootstrap.config.RetentionSettings;
import dev.eventidempotency.bootstrap.config.ServiceOptions;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.ledger.LedgerOperations;
import dev.eventidempotency.bootstrap.ledger.RetentionGuard;
import dev.eventidempotency.bootstrap.ledger.ScheduledLedgerPurge;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The production entry point: consume until SIGTERM, then finish the record in hand and commit. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Consumes the events topic exactly once into PostgreSQL until SIGTERM or Ctrl-C.",
                "Every option can also be set by the environment variable named after it."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    @Mixin
    ServiceOptions options;

    @Mixin
    RetentionOptions retentionOptions;

    @Option(names = "--db-schema", paramLabel = "SCHEMA", defaultValue = PostgresSettings.DEFAULT_SCHEMA,
            description = "Schema that holds the ledger and the business tables; created if missing. "
                    + "Env: DB_SCHEMA. Default: ${DEFAULT-VALUE}.")
    String dbSchema;

    // The scheduled purge is a resource only to live exactly as long as the service: closed first.
    @SuppressWarnings("try")
    @Override
    public Integer call() throws InterruptedException {
        ServiceSettings settings = options.settings(dbSchema);
        RetentionSettings retention = retentionOptions.settings();
        LOG.info("Starting with {} and {}", settings, retention);
        CountDownLatch finished = new CountDownLatch(1);
        try (UserService service = UserService.wire(settings);
             ScheduledLedgerPurge purges = startRetention(retention, settings, service)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndWait(service, finished), "shutdown"));
            service.run();
            LOG.info("Stopped cleanly: offsets committed, connections closed");
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private static ScheduledLedgerPurge startRetention(RetentionSettings retention, ServiceSettings settings,
            UserService service) {
        RetentionGuard.check(retention, settings);
        return ScheduledLedgerPurge.start(new LedgerOperations(service.database(), settings.postgres()).purging(), retention);
    }

    // The JVM exits when this hook returns, so it waits for the consumer to commit and close.
    private static void stopAndWait(UserService service, CountDownLatch finished) {
        service.stop();
        try {
            if (!finished.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Did not stop within {} s; exiting anyway (uncommitted records are redelivered and skipped)",
                        SHUTDOWN_GRACE.toSeconds());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
