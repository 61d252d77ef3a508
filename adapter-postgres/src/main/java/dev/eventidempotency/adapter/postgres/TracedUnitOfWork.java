package dev.eventidempotency.adapter.postgres;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Objects;

/**
 * A unit of work in a span of its own, a child of the span current when it begins (the consumer's
 * {@code process} span), and current itself while the work runs: an e-mail queued in it is stored
 * with its trace context. A unit of work that throws was rolled back; its span says so.
 */
public final class TracedUnitOfWork implements UnitOfWork {

    static final String INSTRUMENTATION = "dev.eventidempotency.adapter.postgres";

    private final UnitOfWork unitOfWork;
    private final Tracer tracer;

    public TracedUnitOfWork(UnitOfWork unitOfWork, OpenTelemetry openTelemetry) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        Span span = tracer.spanBuilder("unit of work").setAttribute("db.system.name", "postgresql").startSpan();
        try (Scope current = span.makeCurrent()) {
            return unitOfWork.inTransaction(work);
        } catch (RuntimeException rolledBack) {
            span.recordException(rolledBack);
            span.setStatus(StatusCode.ERROR, "rolled back");
            throw rolledBack;
        } finally {
            span.end();
        }
    }
}
