package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailurePolicy.Verdict;
import dev.eventidempotency.application.idempotency.port.in.FailurePolicy;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One partition's batch of records, in order: decoded into runs of events, each run one batch for the
 * use case; a record that cannot be decoded, or that the {@link FailurePolicy} sets aside, goes to the
 * dead-letter topic in its place; a failure the policy retries rests the partition (or, for the
 * environment, every partition) at the failed record. It runs on a worker ({@link PartitionsInFlight}),
 * one partition per thread: what only the poll thread may do (seek, pause, the finished offset) goes into
 * a {@link PartitionReport}; the state partitions share is synchronized.
 */
final class PartitionWork<P> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventListener.class);

    private final KafkaListenerSettings settings;
    private final EventDecoder<P> decoder;
    private final ProcessEventBatchUseCase<P> useCase;
    private final DeadLetterTopic deadLetters;
    private final ListenerStatistics statistics;
    private final FailurePolicy policy;
    private final FailedAttempts failedAttempts = new FailedAttempts();
    private final EnvironmentIncident environment;
    private final ConsumerTracing tracing;
    private final AtomicLong environmentFailures = new AtomicLong();

    PartitionWork(KafkaListenerSettings settings, EventDecoder<P> decoder, ProcessEventBatchUseCase<P> useCase,
            DeadLetterTopic deadLetters, ListenerStatistics statistics, EnvironmentIncident environment,
            ConsumerTracing tracing) {
        this.settings = settings;
        this.decoder = decoder;
        this.useCase = useCase;
        this.deadLetters = deadLetters;
        this.statistics = statistics;
        this.policy = new FailurePolicy(settings.maxAttempts());
        this.environment = environment;
        this.tracing = tracing;
    }

    /**
     * How often a batch met an environment failure so far: a batch started after a count that has grown
     * since is handed back, as every partition now rests.
     */
    long environmentFailures() {
        return environmentFailures.get();
    }

    void forget(TopicPartition partition) {
        failedAttempts.forget(partition);
    }

    /**
     * Hands the partition's records over in runs of decodable events, one batch per run, and
     * dead-letters each undecodable record in its place between the runs, so order is kept and a
     * record is dead-lettered only once its predecessors are done. One span covers it all.
     */
    PartitionReport process(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records, long polledAtNanos) {
        Pass pass = new Pass(partition, polledAtNanos);
        try (ProcessSpan inHand = tracing.start(partition, records)) {
            pass.span = inHand;
            pass.processTraced(partition, records);
        }
        return pass.report;
    }

    /** One partition's batch: the span it is processed in, and the report for the poll thread. */
    private final class Pass {

        private final PartitionReport report;
        private ProcessSpan span;

        Pass(TopicPartition partition, long polledAtNanos) {
            this.report = new PartitionReport(partition, polledAtNanos);
        }

        private void processTraced(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
            List<ConsumerRecord<byte[], byte[]>> run = new ArrayList<>();
            List<IncomingEvent<P>> events = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                statistics.recordDelivered();
                boolean continues;
                if (record.serializedValueSize() > settings.maxRecordBytes()) {
                    // Checked before decoding, so an oversized value never reaches the JSON parser.
                    continues = setAside(partition, run, events, record, DeadLetterReason.TOO_LARGE, "the value has "
                            + record.serializedValueSize() + " bytes, more than the maximum of " + settings.maxRecordBytes(),
                            null);
                } else {
                    try {
                        events.add(decoder.decode(record));
                        run.add(record);
                        continue;
                    } catch (UndecodableRecordException undecodable) {
                        continues = setAside(partition, run, events, record, DeadLetterReason.UNDECODABLE, undecodable.reason(),
                                undecodable.getCause() == null ? undecodable : undecodable.getCause());
                    } catch (RuntimeException decoderFailed) {
                        // A payload reader may throw anything (a DateTimeParseException, say): the same bytes
                        // fail the same way every time, so the record is set aside, and the loop goes on.
                        continues = setAside(partition, run, events, record, DeadLetterReason.UNDECODABLE,
                                "the decoder failed: " + decoderFailed, decoderFailed);
                    }
                }
                if (!continues) {
                    return;
                }
            }
            processRun(partition, run, events);
        }

        /** Finishes the run before the record, then dead-letters the record; false when the partition now rests. */
        private boolean setAside(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> run,
                List<IncomingEvent<P>> events, ConsumerRecord<byte[], byte[]> record, DeadLetterReason code, String reason,
                Throwable error) {
            boolean done = processRun(partition, run, events) && deadLetter(partition, record, code, reason, error);
            run.clear();
            events.clear();
            return done;
        }

        /** True when every event of the run is done; otherwise the partition now rests at the failed one. */
        private boolean processRun(
                TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> run, List<IncomingEvent<P>> events) {
            if (events.isEmpty()) {
                return true;
            }
            long started = System.nanoTime();
            BatchOutcome outcome = useCase.process(List.copyOf(events));
            statistics.record(outcome, Duration.ofNanos(System.nanoTime() - started));
            span.completed(outcome);
            if (outcome.completed() > 0) {
                if (environment.over()) {
                    report.environmentOver();
                }
                failedAttempts.succeeded(outcome.completed());
            }
            for (int position : outcome.payloadConflicts()) {
                // Published before the offsets are committed, so a conflict is never lost; at worst sent twice.
                if (!deadLetter(partition, run.get(position), DeadLetterReason.PAYLOAD_CONFLICT, "payload-conflict: event "
                        + events.get(position).id() + " was processed before with other content", null)) {
                    return false;
                }
            }
            if (outcome.completed() > 0) {
                finished(partition, run.get(outcome.completed() - 1), outcome.completed() - outcome.payloadConflicts().size());
            }
            if (outcome.failure().isEmpty()) {
                return true;
            }
            int failed = outcome.completed();
            return settledAfterFailure(partition, run.get(failed), outcome.failure().get())
                    && processRun(partition, run.subList(failed + 1, run.size()), events.subList(failed + 1, events.size()));
        }

        /** Applies the {@link FailurePolicy}: true when the record was set aside and the partition goes on. */
        private boolean settledAfterFailure(
                TopicPartition partition, ConsumerRecord<byte[], byte[]> record, EventFailure failure) {
            int tries = failedAttempts.tried(partition);
            Verdict verdict = policy.judge(failure, failedAttempts.othersSucceededSinceFirstFailure(partition),
                    failedAttempts.counted(partition));
            if (verdict.countsAnAttempt()) {
                failedAttempts.count(partition);
            }
            Throwable root = RootCause.of(failure.cause());
            return switch (verdict) {
                case WAIT_FOR_ENVIRONMENT -> waitForEnvironment(partition, record, failure.cause());
                case RETRY_UNPROVEN -> restAfterFailure(partition, record, failure.cause(), tries, "not counted: no other "
                        + "event has gone through since it first failed, so the failure may be the environment's");
                case RETRY_COUNTED -> restAfterFailure(partition, record, failure.cause(), tries, "counted: attempt "
                        + failedAttempts.counted(partition) + " of " + settings.maxAttempts());
                case SET_ASIDE_REJECTED -> deadLetter(partition, record, DeadLetterReason.REJECTED,
                        "rejected by the database: " + RootCause.message(root), root);
                case SET_ASIDE_FAILED_REPEATEDLY -> deadLetter(partition, record, DeadLetterReason.FAILED_REPEATEDLY,
                        "failed " + failedAttempts.counted(partition) + " times while other events went through: "
                                + RootCause.message(root), root);
            };
        }

        private boolean deadLetter(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, DeadLetterReason code,
                String reason, Throwable error) {
            withRecord(LOG.atError(), record).addKeyValue("reason", code.code())
                    .log("Record {}-{}@{} can never be processed, sending it to {}: {}", record.topic(), record.partition(),
                            record.offset(), DeadLetterTopic.nameFor(record.topic()), reason);
            try {
                deadLetters.publish(record, code, reason, error);
            } catch (RuntimeException unpublished) {
                // The broker, not the record: every dead letter would fail now.
                return waitForEnvironment(partition, record, unpublished);
            }
            statistics.recordDeadLettered(code.code());
            span.deadLettered(record, code);
            finished(partition, record, 1);
            return true;
        }

        private void finished(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int records) {
            report.finished(record, records);
            failedAttempts.forget(partition);
        }

        /** Always false: the partition now rests at the record, to retry it. */
        private boolean restAfterFailure(
                TopicPartition partition, ConsumerRecord<byte[], byte[]> record, RuntimeException failure,
                int tries, String counting) {
            Duration rest = settings.backoff().delayBefore(tries);
            withRecord(LOG.atWarn(), record).addKeyValue("try", tries).setCause(failure)
                    .log("Processing {}-{}@{} failed and was rolled back (try {}, {}); it is retried in {} ms",
                            record.topic(), record.partition(), record.offset(), tries, counting, rest.toMillis());
            statistics.recordRetry();
            span.retried(failure);
            report.seekTo(record.offset());
            report.rest(rest);
            return false;
        }

        /**
         * Always false: the environment fails, so every partition rests, and the batches not yet started are
         * handed back; the record is tried again when the rest is over, and nothing is counted against it.
         */
        private boolean waitForEnvironment(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Throwable failure) {
            Duration rest = environment.failed(failure);
            statistics.recordRetry();
            span.retried(failure);
            report.seekTo(record.offset());
            report.restEveryPartition(rest);
            environmentFailures.incrementAndGet();
            return false;
        }
    }

    /** Key-value pairs on a log line, so a log search finds every line about one record. */
    private static LoggingEventBuilder withRecord(LoggingEventBuilder line, ConsumerRecord<byte[], byte[]> record) {
        return line.addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset());
    }
}
