package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The original note's flow, for the benchmark only: first ask {@code isProcessed} with a SELECT on
 * a connection of its own, and only then open the transaction that writes the effects and the
 * ledger row. It costs a round trip per event and does the duplicate check outside the
 * transaction (see ADR 0002); it is never wired into the service.
 */
final class CheckThenActProcessor<P> implements ProcessEventUseCase<P> {

    private static final String IS_PROCESSED =
            "SELECT EXISTS (SELECT 1 FROM processed_events WHERE event_id = ? AND service_name = ?)";

    private final DataSource database;
    private final ServiceName service;
    private final ProcessEventUseCase<P> transaction;

    CheckThenActProcessor(DataSource database, ServiceName service, ProcessEventUseCase<P> transaction) {
        this.database = database;
        this.service = service;
        this.transaction = transaction;
    }

    @Override
    public ProcessingOutcome process(IncomingEvent<P> event) {
        return isProcessed(event) ? ProcessingOutcome.SKIPPED_DUPLICATE : transaction.process(event);
    }

    private boolean isProcessed(IncomingEvent<P> event) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(IS_PROCESSED)) {
            query.setString(1, event.id().value());
            query.setString(2, service.value());
            try (ResultSet answer = query.executeQuery()) {
                answer.next();
                boolean processed = answer.getBoolean(1);
                connection.rollback();
                return processed;
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("isProcessed failed: " + failure.getMessage(), failure);
        }
    }
}
