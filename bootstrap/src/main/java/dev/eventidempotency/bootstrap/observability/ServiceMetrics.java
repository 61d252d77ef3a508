package dev.eventidempotency.bootstrap.observability;

import dev.eventidempotency.adapter.kafka.DeadLetterReason;
import dev.eventidempotency.adapter.kafka.ListenerStatistics;
import dev.eventidempotency.application.observability.LatencyHistogram;
import dev.eventidempotency.bootstrap.ledger.ScheduledLedgerPurge;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Publishes the listener's own counters as Micrometer meters, read when scraped: the adapters keep
 * no metrics library of their own, and a scrape never disagrees with the statistics the service logs.
 */
public final class ServiceMetrics {

    private static final String PREFIX = "event.idempotency.";
    private final MultiGauge lag;
    private final ListenerStatistics statistics;

    private ServiceMetrics(MultiGauge lag, ListenerStatistics statistics) {
        this.lag = lag;
        this.statistics = statistics;
    }

    public static ServiceMetrics bind(MeterRegistry registry, ListenerStatistics statistics, LatencyHistogram handlerDurations,
            String service, String topic) {
        Tags tags = Tags.of("service", service, "topic", topic);
        counter(registry, "records.delivered", "records handed over by poll, redeliveries included", statistics,
                ListenerStatistics::delivered, tags);
        counter(registry, "events.processed", "events whose effects were committed", statistics,
                ListenerStatistics::processed, tags);
        counter(registry, "duplicates.skipped", "events the ledger already held", statistics,
                ListenerStatistics::duplicatesSkipped, tags);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counter(registry, "dead.lettered", "records sent to the dead-letter topic, by reason", statistics,
                    counts -> counts.deadLetteredByReason().getOrDefault(reason.code(), 0L), tags.and("reason", reason.code()));
        }
        counter(registry, "retries", "failed attempts that were rolled back and will be retried", statistics,
                ListenerStatistics::retries, tags);
        counter(registry, "environment.failures", "tries that failed for the environment, never counted against an event",
                statistics, ListenerStatistics::environmentFailures, tags);
        Gauge.builder(PREFIX + "environment.waiting", statistics, waiting -> waiting.waitingForEnvironment() ? 1 : 0)
                .description("1 while every partition is paused, waiting for the database or the broker")
                .tags(tags).register(registry);
        counter(registry, "records.read.again.for.database", "records read again because the database's consumed "
                + "position was behind Kafka's (a restore, a failover)", statistics, ListenerStatistics::readAgainForDatabase,
                tags);
        counter(registry, "records.committed", "records whose offsets were committed", statistics,
                ListenerStatistics::committed, tags);
        counter(registry, "batches", "batches handed to the use case", statistics, ListenerStatistics::batches, tags);
        Gauge.builder(PREFIX + "records.gathered", statistics, ListenerStatistics::gathered)
                .description("records polled and held back to gather a larger batch (BATCH_GATHER_WAIT), not in the lag")
                .tags(tags).register(registry);
        Gauge.builder(PREFIX + "consumer.group.joined", statistics, joined -> joined.joinedGroup() ? 1 : 0)
                .description("1 while the consumer is a member of its group").tags(tags).register(registry);
        Gauge.builder(PREFIX + "poll.loop.age.seconds", statistics, loop -> loop.sinceLoopCameRound().toNanos() / 1e9)
                .description("time since the poll loop last came round; /health/live turns DOWN past LIVENESS_TIMEOUT")
                .tags(tags).register(registry);
        quantiles(registry, "batch.duration.seconds", "time per batch: claim, handler and commit",
                statistics.batchDuration(), tags);
        quantiles(registry, "delivery.to.commit.seconds", "time from a record's poll to its offset commit",
                statistics.deliveryToCommitLatency(), tags);
        quantiles(registry, "handler.duration.seconds", "time the business handler took per call, inside the unit of work",
                handlerDurations, tags);
        MultiGauge lag = MultiGauge.builder(PREFIX + "consumer.lag.records")
                .description("records behind the end of each assigned partition").tags(tags).register(registry);
        return new ServiceMetrics(lag, statistics);
    }

    /** The scheduled retention's work: rows it deleted and purges it ran. */
    public static void bindPurges(MeterRegistry registry, ScheduledLedgerPurge purge, String service) {
        Tags tags = Tags.of("service", service);
        FunctionCounter.builder(PREFIX + "ledger.purged.rows", purge, ScheduledLedgerPurge::purgedRows)
                .description("ledger rows deleted by the scheduled purge").tags(tags).register(registry);
        FunctionCounter.builder(PREFIX + "ledger.purges", purge, ScheduledLedgerPurge::purges)
                .description("scheduled purges run to the end (skipped ones, for the lock, not counted)")
                .tags(tags).register(registry);
    }

    /**
     * An outbox relay's work (messages it delivered, failed deliveries it will retry, messages it
     * parked), whether its receiver takes messages, and the outbox's backlog: its rows by state and
     * how long the oldest pending one has waited (the relay's lag).
     */
    public static void bindOutboxRelay(MeterRegistry registry, ScheduledOutboxRelay relay, String service) {
        Tags tags = Tags.of("service", service);
        String outbox = PREFIX + "outbox." + relay.outbox();
        FunctionCounter.builder(outbox + ".sent", relay, ScheduledOutboxRelay::sent)
                .description("messages this relay handed to the receiver").tags(tags).register(registry);
        FunctionCounter.builder(outbox + ".retried", relay, ScheduledOutboxRelay::retriedLater)
                .description("failed deliveries this relay will try again").tags(tags).register(registry);
        FunctionCounter.builder(outbox + ".parked", relay, ScheduledOutboxRelay::parked)
                .description("messages this relay gave up on").tags(tags).register(registry);
        String receiver = relay.outbox().equals("emails") ? "mail.server" : "broker";
        Gauge.builder(PREFIX + "outbox." + receiver + ".available", relay, running -> running.receiverAvailable() ? 1 : 0)
                .description("1 while the receiver takes messages, 0 from a delivery that found it out of reach "
                        + "until one it answered").tags(tags).register(registry);
        Tags ofOutbox = tags.and("outbox", relay.outbox());
        Gauge.builder(PREFIX + "outbox.rows", relay, running -> running.backlog().pending())
                .description("the outbox's rows by state, as of the relay's last pass").tags(ofOutbox.and("status", "pending"))
                .register(registry);
        Gauge.builder(PREFIX + "outbox.rows", relay, running -> running.backlog().sent())
                .description("the outbox's rows by state, as of the relay's last pass").tags(ofOutbox.and("status", "sent"))
                .register(registry);
        Gauge.builder(PREFIX + "outbox.rows", relay, running -> running.backlog().parked())
                .description("the outbox's rows by state, as of the relay's last pass").tags(ofOutbox.and("status", "parked"))
                .register(registry);
        Gauge.builder(PREFIX + "outbox.lag.seconds", relay, running -> running.lag().toMillis() / 1e3)
                .description("how long the oldest pending message has waited, as of the relay's last pass")
                .tags(ofOutbox).register(registry);
    }

    /** Partitions come and go with rebalances, so the lag gauges are re-registered before each scrape. */
    public void refresh() {
        lag.register(statistics.lagByPartition().entrySet().stream()
                .map(partition -> MultiGauge.Row.of(Tags.of("partition", partition.getKey()), partition.getValue()))
                .collect(Collectors.toList()), true);
    }

    private static void counter(MeterRegistry registry, String name, String description, ListenerStatistics statistics,
            ToDoubleFunction<ListenerStatistics> value, Tags tags) {
        FunctionCounter.builder(PREFIX + name, statistics, value).description(description).tags(tags).register(registry);
    }

    private static void quantiles(MeterRegistry registry, String name, String description, LatencyHistogram histogram,
            Tags tags) {
        for (double quantile : new double[] {0.5, 0.99}) {
            Gauge.builder(PREFIX + name, histogram, latencies -> latencies.percentile(quantile).toNanos() / 1e9)
                    .description(description + " (upper bound of the quantile, within 10%)")
                    .tags(tags.and("quantile", Double.toString(quantile))).register(registry);
        }
    }
}
