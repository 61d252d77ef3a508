package dev.eventidempotency.tooling.demo;

import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.smtp.SmtpSecurity;
import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.WelcomeStatsService;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.config.ServiceOptions;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job with embedded defaults: publish a stream with duplicates, run the real service on it
 * with both its relays and the downstream service, and report what reached the database. Starts a
 * local Kafka broker when none is configured.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
                "Publishes UserCreated events, some of them sent twice as a producer retry would, runs the service",
                "on them and prints what the database holds. Without KAFKA_BOOTSTRAP_SERVERS it starts a local",
                "Kafka broker from Apache Kafka's jars (built by ./mvnw package). Each new user's welcome e-mail goes",
                "through the outbox to a local mail server (GreenMail) it starts; each new user's UserRegistered goes",
                "through the event outbox to Kafka, where a second service, welcome-stats, counts it. It uses its own",
                "schema, " + DemoCommand.SCHEMA + ", dropped and re-created on every run. Exit code 0 when the counts",
                "show exactly-once effects all along the chain."})
public final class DemoCommand implements Callable<Integer> {

    static final String SCHEMA = "event_idempotency_demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    private static final Duration CONSUME_TIMEOUT = Duration.ofMinutes(2);
    private static final int PARTITIONS = 3;
    private static final Duration RELAY_INTERVAL = Duration.ofMillis(100);
    private static final Duration RELAY_TIMEOUT = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions options;

    @Option(names = "--demo-events", paramLabel = "N", defaultValue = "1000",
            description = "Records to publish, duplicates included. Env: DEMO_EVENTS. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--demo-duplicates", paramLabel = "D", defaultValue = "200",
            description = "How many of them re-send an earlier event. Env: DEMO_DUPLICATES. Default: ${DEFAULT-VALUE}.")
    int duplicates;

    @Option(names = "--demo-seed", paramLabel = "SEED", defaultValue = "20261128",
            description = "Seed of the random stream, for a repeatable run. Env: DEMO_SEED. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || duplicates < 0 || duplicates >= events) {
            throw new ParameterException(spec.commandLine(),
                    "--demo-events must be at least 1 and --demo-duplicates between 0 and events - 1, were "
                            + events + " and " + duplicates);
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<SelfContainedServers> servers =
                SelfContainedServers.start(options, SCHEMA, "demo", out, spec.commandLine().getErr());
        if (servers.isEmpty()) {
            return 1;
        }
        try (SelfContainedServers running = servers.get(); LocalMailServer mailServer = LocalMailServer.start()) {
            out.printf("Started a local mail server at %s:%d (log: %s)%n", mailServer.host(), mailServer.port(),
                    mailServer.logFile());
            return runOn(running.settings(), running.ownTopic(CompositionRoot.USER_REGISTERED_TOPIC),
                    new MailSettings(new EmailAddress(MailOptions.DEFAULT_SENDER),
                            SmtpSettings.unauthenticated(mailServer.host(), mailServer.port(), SmtpSecurity.NONE),
                            RELAY_INTERVAL, RetrySchedule.DEFAULT));
        }
    }

    private int runOn(ServiceSettings settings, TopicName registered, MailSettings mail) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String topic = settings.topic().value();
        KafkaTopics.createIfMissing(settings.kafkaConnection(), topic, PARTITIONS);
        DemoEventStream stream = DemoEventStream.of(events, duplicates, seed);
        stream.publishTo(settings.kafkaConnection(), topic);
        out.printf("Published %d UserCreated records (%d distinct events, %d re-sent) to %s%n",
                stream.records().size(), stream.distinct(), duplicates, topic);
        out.flush();

        DemoReport report;
        DemoTrace trace = DemoTrace.start();
        try (trace; CompositionRoot service = CompositionRoot.wire(settings,
                CompositionRoot.sampleHandler(new WelcomeEmails(mail.sender()), registered), trace.openTelemetry())) {
            Thread consumer = new Thread(service::run, "demo-consumer");
            consumer.start();
            // The event relay creates the topic the downstream service then subscribes to.
            try (ScheduledOutboxRelay relay = CompositionRoot.startOutboxRelay(service.database(), mail,
                    trace.openTelemetry());
                 ScheduledOutboxRelay eventRelay = CompositionRoot.startEventRelay(service.database(),
                         settings.kafkaConnection(), settings.service(), List.of(registered), RELAY_INTERVAL,
                         RetrySchedule.DEFAULT, MailOptions.DEFAULT_BATCH_SIZE);
                 WelcomeStatsService welcomeStats = WelcomeStatsService.wire(settings, registered)) {
                Thread downstream = new Thread(welcomeStats::run, "demo-welcome-stats");
                downstream.start();
                boolean allAccountedFor = awaitAllRecords(service, stream.records().size());
                service.stop();
                consumer.join(CONSUME_TIMEOUT.toMillis());
                if (!allAccountedFor) {
                    LOG.error("Not every record was consumed within {}", CONSUME_TIMEOUT);
                }
                if (!awaitOutboxDrained(service.dataSource(), relay, stream.distinct())) {
                    LOG.error("Not every e-mail was sent within {}", RELAY_TIMEOUT);
                }
                if (!awaitEventsHeard(service.dataSource(), eventRelay, welcomeStats, stream.distinct())) {
                    LOG.error("Not every event was published and heard downstream within {}", RELAY_TIMEOUT);
                }
                welcomeStats.stop();
                downstream.join(CONSUME_TIMEOUT.toMillis());
                report = DemoReport.read(service.dataSource(), topic, settings.service().value(), stream,
                        service.statistics(), service.statistics().busySpan(), relay.sent(), registered.value(),
                        eventRelay.sent(), welcomeStats.statistics());
            }
        }
        report.printTo(out);
        trace.printTo(out);
        out.flush();
        return report.exactlyOnce() ? 0 : 1;
    }

    /**
     * Until no e-mail waits and the relay has counted all {@code expected}, sent or parked: it counts a pass's
     * sends when the pass returns, which can be after the table shows its rows sent.
     */
    private static boolean awaitOutboxDrained(DataSource database, ScheduledOutboxRelay relay, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + RELAY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (DemoReport.emailsWaiting(database) == 0 && relay.sent() + relay.parked() >= expected) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Until no event waits, the relay has counted all {@code expected}, sent or parked, and the downstream
     * service has accounted for every record the relay sent.
     */
    private static boolean awaitEventsHeard(DataSource database, ScheduledOutboxRelay relay, WelcomeStatsService heard,
            long expected) throws InterruptedException {
        long deadline = System.nanoTime() + RELAY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var statistics = heard.statistics();
            if (DemoReport.eventsWaiting(database) == 0 && relay.sent() + relay.parked() >= expected
                    && statistics.processed() + statistics.duplicatesSkipped() + statistics.deadLettered() >= relay.sent()
                    && DemoReport.registrationsHeard(database) >= statistics.processed()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean awaitAllRecords(CompositionRoot service, int published) throws InterruptedException {
        long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var statistics = service.statistics();
            if (statistics.processed() + statistics.duplicatesSkipped() + statistics.deadLettered() >= published) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
