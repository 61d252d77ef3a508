package dev.eventidempotency.bootstrap;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.config.DurationText;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.config.RetentionOptions;
import dev.eventidempotency.bootstrap.config.RetentionSettings;
import dev.eventidempotency.bootstrap.config.ServiceOptions;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.ledger.RetentionGuard;
import dev.eventidempotency.bootstrap.ledger.ScheduledLedgerPurge;
import dev.eventidempotency.bootstrap.observability.ManagementServer;
import dev.eventidempotency.bootstrap.observability.ServiceMetrics;
import dev.eventidempotency.bootstrap.observability.Tracing;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.domain.user.UserCreated;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The production entry point: consume until SIGTERM, then finish the records in hand, commit and exit 0. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Consumes the events topic exactly once into PostgreSQL until SIGTERM or Ctrl-C.",
                "Every option can also be set by the environment variable named after it."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** Exit status when the grace period ran out: finished offsets may be uncommitted and are redelivered. */
    static final int STOPPED_BEFORE_FINISHING = 1;

    @Mixin
    ServiceOptions options;

    @Mixin
    RetentionOptions retentionOptions;

    @Mixin
    MailOptions mailOptions;

    @Option(names = "--db-schema", paramLabel = "SCHEMA", defaultValue = PostgresSettings.DEFAULT_SCHEMA,
            description = "Schema that holds the ledger and the business tables; created if missing. "
                    + "Env: DB_SCHEMA. Default: ${DEFAULT-VALUE}.")
    String dbSchema;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM, how long to wait for the records in hand to finish and their offsets to be "
                    + "committed before exiting anyway. Env: SHUTDOWN_GRACE. Default: ${DEFAULT-VALUE}.")
    int shutdownGraceSeconds;

    @Option(names = "--liveness-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "/health/live answers DOWN (503) when the poll loop has not come round for longer, so that "
                    + "the orchestrator restarts a stuck process. Env: LIVENESS_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    String livenessTimeout;

    @Option(names = "--management-address", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address of the metrics and health endpoints; only this host can reach them by default. "
                    + "Env: MANAGEMENT_ADDRESS. Default: ${DEFAULT-VALUE}.")
    String managementAddress;

    @Option(names = "--management-port", paramLabel = "PORT", defaultValue = "9464",
            description = "Port of /metrics, /health/live and /health/ready (0: any free port). "
                    + "Env: MANAGEMENT_PORT. Default: ${DEFAULT-VALUE}.")
    int managementPort;

    @Override
    public Integer call() throws InterruptedException {
        return runWith(mailSettings -> CompositionRoot.sampleHandler(new WelcomeEmails(mailSettings.sender())));
    }

    /** As {@link #call()}, with another handler: the seam for tests that make the real process stall. */
    Integer runWith(Function<MailSettings, EventHandler<UserCreated>> handler) throws InterruptedException {
        if (shutdownGraceSeconds < 1) {
            throw new InvalidSettingException("SHUTDOWN_GRACE (or --shutdown-grace) is invalid: expected a number of "
                    + "seconds of at least 1, was " + shutdownGraceSeconds);
        }
        if (managementPort < 0 || managementPort > 65_535) {
            throw new InvalidSettingException("MANAGEMENT_PORT (or --management-port) is invalid: expected a port from 0 "
                    + "to 65535, was " + managementPort);
        }
        Duration livenessLimit = parse("--liveness-timeout", livenessTimeout, DurationText::parse);
        ServiceSettings settings = options.settings(dbSchema);
        RetentionSettings retention = retentionOptions.settings();
        MailSettings mail = mailOptions.settings();
        LOG.info("Starting with {}, {} and {}", settings, retention, mail);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stoppedCleanly = new AtomicBoolean();
        Duration grace = Duration.ofSeconds(shutdownGraceSeconds);
        try (Tracing tracing = Tracing.fromEnvironment();
             CompositionRoot service = CompositionRoot.wire(settings, handler.apply(mail), tracing.openTelemetry());
             ScheduledOutboxRelay relay = CompositionRoot.startOutboxRelay(service.database(), mail, tracing.openTelemetry());
             ScheduledOutboxRelay eventRelay = CompositionRoot.startEventRelay(service.database(),
                     settings.kafkaConnection(), settings.service(), List.of(CompositionRoot.USER_REGISTERED_TOPIC),
                     mail.relayInterval(), mail.retries(), mail.batchSize(), tracing.openTelemetry());
             ScheduledLedgerPurge purges = startRetention(retention, settings, service);
             ManagementServer management = startManagement(service, purges, List.of(relay, eventRelay), settings,
                     livenessLimit)) {
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> stopAndExit(service, finished, stoppedCleanly, grace), "shutdown"));
            service.run();
            stoppedCleanly.set(true);
            LOG.info("Stopped cleanly: offsets committed, connections closed");
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private static ScheduledLedgerPurge startRetention(RetentionSettings retention, ServiceSettings settings,
            CompositionRoot service) {
        RetentionGuard.check(retention, settings);
        return ScheduledLedgerPurge.start(CompositionRoot.ledgerPurging(service.database(), settings.postgres()),
                settings.service(), retention);
    }

    private ManagementServer startManagement(CompositionRoot service, ScheduledLedgerPurge purges,
            List<ScheduledOutboxRelay> relays, ServiceSettings settings, Duration livenessLimit) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceMetrics metrics = ServiceMetrics.bind(registry, service.statistics(), service.handlerDurations(),
                settings.service().value(), settings.topic().value());
        ServiceMetrics.bindPurges(registry, purges, settings.service().value());
        relays.forEach(relay -> ServiceMetrics.bindOutboxRelay(registry, relay, settings.service().value()));
        return ManagementServer.start(new InetSocketAddress(managementAddress, managementPort), registry,
                () -> service.liveness(livenessLimit), service::readiness, metrics::refresh);
    }

    /*
     * The JVM exits when this hook returns, so it waits for the consumer to commit and close. After a
     * clean stop it ends the JVM itself with 0: after a SIGTERM the JVM would report 143 however
     * cleanly it stopped. When the service failed instead (the hook then runs for the failure's own
     * System.exit), the hook leaves that exit status alone.
     */
    private static void stopAndExit(CompositionRoot service, CountDownLatch finished, AtomicBoolean stoppedCleanly,
            Duration grace) {
        service.stop();
        boolean finishedInTime = false;
        try {
            finishedInTime = finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!finishedInTime) {
            LOG.warn("Did not stop within {} s; exiting anyway (uncommitted records are redelivered and skipped)",
                    grace.toSeconds());
            Runtime.getRuntime().halt(STOPPED_BEFORE_FINISHING);
        }
        if (stoppedCleanly.get()) {
            Runtime.getRuntime().halt(0);
        }
    }
}
