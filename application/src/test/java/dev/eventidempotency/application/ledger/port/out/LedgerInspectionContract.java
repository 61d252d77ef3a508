package dev.eventidempotency.application.ledger.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LedgerInspection} promises. A test of an implementation extends this class and
 * gives it with the ledger it reads and their unit of work; each test starts with an empty ledger.
 * Rows are made by claims, so their times are the ledger's own.
 */
public abstract class LedgerInspectionContract {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final ServiceName AUDIT = new ServiceName("audit-service");
    private static final TopicName TOPIC = new TopicName("user-events");

    protected abstract UnitOfWork unitOfWork();

    protected abstract ProcessedEventLedger ledger();

    protected abstract LedgerInspection inspection();

    @Test
    void anEventsRowsAreShownForOneServiceOrForEvery() {
        claim("evt-1", SERVICE);
        claim("evt-1", AUDIT);
        claim("evt-2", SERVICE);

        assertThat(entries("evt-1", Optional.empty())).extracting(LedgerEntry::serviceName)
                .containsExactlyInAnyOrder("user-service", "audit-service");
        assertThat(entries("evt-1", Optional.of(SERVICE))).singleElement().satisfies(entry -> {
            assertThat(entry.eventId()).isEqualTo("evt-1");
            assertThat(entry.topic()).isEqualTo("user-events");
        });
        assertThat(entries("evt-3", Optional.empty())).isEmpty();
    }

    @Test
    void rowsProcessedStrictlyBeforeTheCutoffAreCountedForOneServiceOrForEvery() {
        claim("old", SERVICE);
        claim("old", AUDIT);
        claim("new", SERVICE);
        Instant newest = entries("new", Optional.of(SERVICE)).get(0).processedAt();

        assertThat(countBefore(Optional.of(SERVICE), newest)).isEqualTo(1);
        assertThat(countBefore(Optional.empty(), newest)).isEqualTo(2);
        assertThat(countBefore(Optional.empty(), newest.plus(Duration.ofHours(1)))).isEqualTo(3);
    }

    @Test
    void aLedgerThatKeepsItsUniqueKeyHoldsNoDuplicates() {
        claim("evt-1", SERVICE);
        claim("evt-1", SERVICE);
        claim("evt-1", AUDIT);

        assertThat(unitOfWork().inTransaction(inspection()::duplicates)).isEmpty();
    }

    private void claim(String eventId, ServiceName service) {
        unitOfWork().inTransaction(transaction -> ledger().claim(transaction,
                new EventClaim(new EventId(eventId), service, TOPIC, PayloadFingerprint.of(eventId))));
    }

    private List<LedgerEntry> entries(String eventId, Optional<ServiceName> service) {
        return unitOfWork().inTransaction(transaction -> inspection().entries(transaction, new EventId(eventId), service));
    }

    private long countBefore(Optional<ServiceName> service, Instant cutoff) {
        return unitOfWork().inTransaction(transaction -> inspection().countProcessedBefore(transaction, service, cutoff));
    }
}
