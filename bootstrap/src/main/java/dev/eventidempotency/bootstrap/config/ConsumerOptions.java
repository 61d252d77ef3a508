package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.invalid;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import dev.eventidempotency.adapter.kafka.BatchGathering;
import dev.eventidempotency.adapter.kafka.GroupMembership;
import dev.eventidempotency.adapter.kafka.GroupProtocolChoice;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the service consumes: processing mode, batch size, failure policy and its place in the consumer
 * group. Only the commands that run the listener take them. Each flag {@code --foo-bar} also reads {@code FOO_BAR}.
 */
public final class ConsumerOptions {

    @Option(names = "--processing-mode", paramLabel = "MODE", defaultValue = "batch",
            description = "batch: one transaction per partition's batch, claimed set-wise; per-event: one transaction "
                    + "per event. Env: PROCESSING_MODE. Default: ${DEFAULT-VALUE}.")
    String processingMode;

    @Option(names = "--key-concurrency", paramLabel = "N", defaultValue = "1",
            description = "per-event mode: most events of different record keys in transactions at once; one key's "
                    + "events keep their order, a record without key waits for all before it. 1 to 64. "
                    + "Env: KEY_CONCURRENCY. Default: ${DEFAULT-VALUE} (one at a time).")
    int keyConcurrency;

    @Option(names = "--event-format", paramLabel = "FORMAT", defaultValue = "native",
            description = "native: the service's own JSON envelope; cloudevents: CloudEvents (Kafka binding, binary or "
                    + "structured mode), keyed by source and id; auto: per record, a CloudEvent when it has a ce_ header "
                    + "or a CloudEvents content type, else native. Env: EVENT_FORMAT. Default: ${DEFAULT-VALUE}.")
    String eventFormat;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
            description = "Most records per poll (max.poll.records), so most events per batch. "
                    + "Env: BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batch-gather-wait", paramLabel = "DURATION", defaultValue = "0",
            description = "Most time a partition's polled records are held back to gather a larger batch, e.g. 50ms; "
                    + "a batch goes once it has --batch-gather-events or its oldest record waited this long. Up to 10s. "
                    + "Env: BATCH_GATHER_WAIT. Default: ${DEFAULT-VALUE} (off: each poll's records are a batch).")
    String gatherWait;

    @Option(names = "--batch-gather-events", paramLabel = "N",
            description = "With --batch-gather-wait: the events a partition's batch gathers before it goes without waiting "
                    + "longer; 1 to 10000. Env: BATCH_GATHER_EVENTS. Default: --batch-size.")
    Integer gatherEvents;

    @Option(names = "--partition-concurrency", paramLabel = "N", defaultValue = "3",
            description = "Partitions of one poll worked on at once, each in a unit of work of its own on a pooled "
                    + "connection; 1 works them one after another. At most 3, so that the outbox relays, which borrow the "
                    + "pool's 4 connections briefly, seldom make one wait. "
                    + "Env: PARTITION_CONCURRENCY. Default: ${DEFAULT-VALUE}.")
    int partitionConcurrency;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10",
            description = "Attempts before an event that fails for an unknown reason goes to the dead-letter topic. "
                    + "Rejected by the database: dead-lettered at once; database unavailable: retried until it is back. "
                    + "Env: MAX_ATTEMPTS. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--kafka-session-timeout-ms", paramLabel = "MS", defaultValue = "45000",
            description = "How long the group waits for a silent (crashed) instance before its partitions move to "
                    + "another. Env: KAFKA_SESSION_TIMEOUT_MS. Default: ${DEFAULT-VALUE} (Kafka's).")
    long sessionTimeoutMs;

    @Option(names = "--kafka-max-poll-interval-ms", paramLabel = "MS", defaultValue = "300000",
            description = "How long one poll's units of work may take before the instance is put out of the group. "
                    + "Env: KAFKA_MAX_POLL_INTERVAL_MS. Default: ${DEFAULT-VALUE} (Kafka's).")
    long maxPollIntervalMs;

    @Option(names = "--poll-work-limit", paramLabel = "DURATION",
            description = "Longest a revocation or stop waits for a batch at work, and a batch waits for a worker before it "
                    + "is polled again; below --kafka-max-poll-interval-ms, so a slow database never costs the group a "
                    + "rebalance. "
                    + "Env: POLL_WORK_LIMIT. Default: half of --kafka-max-poll-interval-ms.")
    String pollWorkLimit;

    @Option(names = "--kafka-group-protocol", paramLabel = "PROTOCOL", defaultValue = "auto",
            description = "consumer: Kafka 4's consumer group protocol (KIP-848), rebalancing one member at a time; "
                    + "classic: the protocol before it; auto: consumer when the brokers have it enabled, else classic. "
                    + "Env: KAFKA_GROUP_PROTOCOL. Default: ${DEFAULT-VALUE}.")
    String groupProtocol;

    @Option(names = "--kafka-group-instance-id", paramLabel = "ID",
            description = "A static member's identity (group.instance.id), unique per instance and stable across its "
                    + "restarts: a restart within the session timeout keeps the instance's partitions without a rebalance. "
                    + "Env: KAFKA_GROUP_INSTANCE_ID. Default: none (a dynamic member).")
    String groupInstanceId;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Larger record values go to the dead-letter topic undecoded. Env: MAX_RECORD_BYTES. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxRecordBytes;

    ProcessingMode mode() {
        return parse("--processing-mode", processingMode, ProcessingMode::fromLabel);
    }

    EventFormat eventFormat() {
        return parse("--event-format", eventFormat, EventFormat::fromLabel);
    }

    int keyConcurrency() {
        if (keyConcurrency < 1 || keyConcurrency > 64) {
            throw invalid("--key-concurrency", "expected a number from 1 to 64, was " + keyConcurrency);
        }
        if (keyConcurrency > 1 && mode() != ProcessingMode.PER_EVENT) {
            throw invalid("--key-concurrency", "applies to --processing-mode per-event only; batch mode takes a "
                    + "partition's events in one transaction, was " + keyConcurrency);
        }
        return keyConcurrency;
    }

    int batchSize() {
        if (batchSize < 1 || batchSize > 10_000) {
            throw invalid("--batch-size", "expected a number from 1 to 10000, was " + batchSize);
        }
        return batchSize;
    }

    BatchGathering gathering() {
        Duration wait = gatherWait.strip().matches("0+(ms|[dhms])?") ? Duration.ZERO
                : parse("--batch-gather-wait", gatherWait, DurationText::parse);
        if (wait.compareTo(BatchGathering.LONGEST_WAIT) > 0) {
            throw invalid("--batch-gather-wait", "expected at most " + BatchGathering.LONGEST_WAIT.toSeconds()
                    + "s: a longer hold delays every commit and outlasts any useful batching; was " + gatherWait);
        }
        if (gatherEvents == null) {
            return wait.isZero() ? BatchGathering.OFF : new BatchGathering(batchSize(), wait);
        }
        if (wait.isZero()) {
            throw invalid("--batch-gather-events", "applies only with --batch-gather-wait above 0; without a wait each "
                    + "poll's records are a batch, was " + gatherEvents);
        }
        if (gatherEvents < 1 || gatherEvents > BatchGathering.MOST_EVENTS) {
            throw invalid("--batch-gather-events", "expected a number from 1 to " + BatchGathering.MOST_EVENTS
                    + ", was " + gatherEvents);
        }
        return new BatchGathering(gatherEvents, wait);
    }

    int partitionConcurrency() {
        // A partition that waited for a connection would count as an environment failure.
        int most = PostgresSettings.DEFAULT_POOL_SIZE - 1;
        if (partitionConcurrency < 1 || partitionConcurrency > most) {
            throw invalid("--partition-concurrency", "expected a number from 1 to " + most + ", was " + partitionConcurrency);
        }
        return partitionConcurrency;
    }

    int maxAttempts() {
        if (maxAttempts < 1) {
            throw invalid("--max-attempts", "expected a number of at least 1, was " + maxAttempts);
        }
        return maxAttempts;
    }

    int maxRecordBytes() {
        if (maxRecordBytes < 1) {
            throw invalid("--max-record-bytes", "expected a number of bytes of at least 1, was " + maxRecordBytes);
        }
        return maxRecordBytes;
    }

    GroupTimeouts groupTimeouts() {
        if (sessionTimeoutMs < 1 || sessionTimeoutMs > Integer.MAX_VALUE) {
            throw invalid("--kafka-session-timeout-ms", "expected a positive number of milliseconds, was " + sessionTimeoutMs);
        }
        if (maxPollIntervalMs < 1 || maxPollIntervalMs > Integer.MAX_VALUE) {
            throw invalid("--kafka-max-poll-interval-ms",
                    "expected a positive number of milliseconds, was " + maxPollIntervalMs);
        }
        Duration maxPollInterval = Duration.ofMillis(maxPollIntervalMs);
        Duration workLimit = pollWorkLimit == null ? maxPollInterval.dividedBy(2)
                : parse("--poll-work-limit", pollWorkLimit, DurationText::parse);
        if (workLimit.compareTo(maxPollInterval) >= 0) {
            throw invalid("--poll-work-limit", "expected less than --kafka-max-poll-interval-ms (" + maxPollIntervalMs
                    + " ms), or the group puts the instance out while it works; was " + workLimit.toMillis() + " ms");
        }
        return new GroupTimeouts(Duration.ofMillis(sessionTimeoutMs), maxPollInterval, workLimit);
    }

    GroupMembership membership() {
        GroupProtocolChoice protocol = parse("--kafka-group-protocol", groupProtocol, GroupProtocolChoice::fromLabel);
        if (groupInstanceId != null && !groupInstanceId.matches("[A-Za-z0-9._-]{1,249}")) {
            throw invalid("--kafka-group-instance-id", "expected 1 to 249 letters, digits, '.', '_' or '-', was '"
                    + groupInstanceId + "'");
        }
        return new GroupMembership(protocol, Optional.ofNullable(groupInstanceId));
    }
}
