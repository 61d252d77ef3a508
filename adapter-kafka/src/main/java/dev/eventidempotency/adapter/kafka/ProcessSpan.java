package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * The {@code process} span of one partition's records, current on the poll thread while they are
 * processed, and its trace and span ids in the logging context ({@code trace_id}, {@code span_id}),
 * so every log line about them names the trace. At its end it says what became of the records:
 * {@code event_idempotency.outcome} lists each outcome that occurred (processed, duplicate_skipped,
 * payload_conflict, dead_lettered, retried), and a count for each.
 */
final class ProcessSpan implements AutoCloseable {

    static final AttributeKey<List<String>> OUTCOME = AttributeKey.stringArrayKey("event_idempotency.outcome");
    static final AttributeKey<Long> PROCESSED = AttributeKey.longKey("event_idempotency.processed");
    static final AttributeKey<Long> DUPLICATES_SKIPPED = AttributeKey.longKey("event_idempotency.duplicates_skipped");
    static final AttributeKey<Long> PAYLOAD_CONFLICTS = AttributeKey.longKey("event_idempotency.payload_conflicts");
    static final AttributeKey<Long> DEAD_LETTERED = AttributeKey.longKey("event_idempotency.dead_lettered");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("event_idempotency.dead_letter.reason");
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";

    private final Span span;
    private final Scope scope;
    private final boolean logged;
    private long processed;
    private long duplicatesSkipped;
    private long payloadConflicts;
    private long deadLettered;
    private boolean retried;

    ProcessSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        SpanContext context = span.getSpanContext();
        // Nothing to log when tracing is off: the no-op span has no ids.
        this.logged = context.isValid();
        if (logged) {
            MDC.put(TRACE_ID, context.getTraceId());
            MDC.put(SPAN_ID, context.getSpanId());
        }
    }

    void completed(BatchOutcome outcome) {
        processed += outcome.processed();
        duplicatesSkipped += outcome.skippedDuplicates();
        payloadConflicts += outcome.payloadConflicts().size();
    }

    void deadLettered(ConsumerRecord<byte[], byte[]> record, DeadLetterReason code) {
        deadLettered++;
        span.addEvent("dead-lettered", Attributes.of(ConsumerTracing.OFFSET, record.offset(), REASON, code.code()));
    }

    /** The partition rests at a record whose processing failed and was rolled back; it is tried again. */
    void retried(Throwable failure) {
        retried = true;
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, "processing failed and was rolled back; retried later");
    }

    @Override
    public void close() {
        try {
            if (span.isRecording()) {
                span.setAttribute(OUTCOME, outcomes());
                span.setAttribute(PROCESSED, processed);
                span.setAttribute(DUPLICATES_SKIPPED, duplicatesSkipped);
                span.setAttribute(PAYLOAD_CONFLICTS, payloadConflicts);
                span.setAttribute(DEAD_LETTERED, deadLettered);
            }
            scope.close();
            span.end();
        } finally {
            if (logged) {
                MDC.remove(TRACE_ID);
                MDC.remove(SPAN_ID);
            }
        }
    }

    private List<String> outcomes() {
        List<String> outcomes = new ArrayList<>();
        if (processed > 0) {
            outcomes.add("processed");
        }
        if (duplicatesSkipped > 0) {
            outcomes.add("duplicate_skipped");
        }
        if (payloadConflicts > 0) {
            outcomes.add("payload_conflict");
        }
        if (deadLettered > 0) {
            outcomes.add("dead_lettered");
        }
        if (retried) {
            outcomes.add("retried");
        }
        return outcomes;
    }
}
