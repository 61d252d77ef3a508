package dev.eventidempotency.application.ledger.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
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
 * What every {@link LedgerMaintenance} promises: an operator's forget, and retention by age and
 * service. A test of an implementation extends this class and gives it with the ledger, an inspection
 * of it and their unit of work; each test starts with an empty ledger. Rows are made by claims, so
 * their times are the ledger's own.
 */
public abstract class LedgerMaintenanceContract {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final ServiceName AUDIT = new ServiceName("audit-service");
    private static final TopicName TOPIC = new TopicName("user-events");

    protected abstract UnitOfWork unitOfWork();

    protected abstract ProcessedEventLedger ledger();

    protected abstract LedgerInspection inspection();

    protected abstract LedgerMaintenance maintenance();

    @Test
    void aForgottenEventIsReturnedOnceAndItsServiceClaimsItAgain() {
        claim("evt-1", SERVICE);
        claim("evt-1", AUDIT);

        assertThat(remove("evt-1", SERVICE)).hasValueSatisfying(removed -> {
            assertThat(removed.eventId()).isEqualTo("evt-1");
            assertThat(removed.serviceName()).isEqualTo("user-service");
            assertThat(removed.topic()).isEqualTo("user-events");
        });
        assertThat(remove("evt-1", SERVICE)).isEmpty();

        assertThat(entries("evt-1")).extracting(LedgerEntry::serviceName).containsExactly("audit-service");
        assertThat(claim("evt-1", SERVICE)).as("claimed again").isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void aRemovalInAFailedUnitOfWorkKeepsTheRow() {
        claim("evt-1", SERVICE);

        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            maintenance().remove(transaction, new EventId("evt-1"), SERVICE);
            throw new IllegalStateException("the operator's command failed after the removal");
        })).hasMessageContaining("command failed");

        assertThat(entries("evt-1")).hasSize(1);
    }

    @Test
    void retentionDeletesRowsStrictlyBeforeTheCutoffOldestFirstAtMostTheLimitAtATime() {
        claim("first", SERVICE);
        claim("second", SERVICE);
        claim("third", SERVICE);
        Instant cutoff = entries("third").get(0).processedAt();

        assertThat(deleteOldest(Optional.empty(), cutoff, 1)).isEqualTo(1);
        assertThat(entries("first")).as("the oldest row, deleted first").isEmpty();
        assertThat(entries("second")).isNotEmpty();
        assertThat(deleteOldest(Optional.empty(), cutoff, 5)).isEqualTo(1);
        assertThat(deleteOldest(Optional.empty(), cutoff, 5)).isZero();
        assertThat(entries("third")).as("the row processed at the cutoff").hasSize(1);
    }

    @Test
    void retentionOfOneServiceLeavesEveryOtherServicesRows() {
        claim("evt-1", SERVICE);
        claim("evt-1", AUDIT);
        Instant later = entries("evt-1").get(0).processedAt().plus(Duration.ofHours(1));

        assertThat(deleteOldest(Optional.of(SERVICE), later, 10)).isEqualTo(1);
        assertThat(entries("evt-1")).extracting(LedgerEntry::serviceName).containsExactly("audit-service");
        assertThat(deleteOldest(Optional.empty(), later, 10)).isEqualTo(1);
        assertThat(entries("evt-1")).isEmpty();
    }

    private ClaimOutcome claim(String eventId, ServiceName service) {
        return unitOfWork().inTransaction(transaction -> ledger().claim(transaction,
                new EventClaim(new EventId(eventId), service, TOPIC, PayloadFingerprint.of(eventId))));
    }

    private List<LedgerEntry> entries(String eventId) {
        return unitOfWork().inTransaction(transaction -> inspection().entries(transaction, new EventId(eventId),
                Optional.empty()));
    }

    private Optional<LedgerEntry> remove(String eventId, ServiceName service) {
        return unitOfWork().inTransaction(transaction -> maintenance().remove(transaction, new EventId(eventId), service));
    }

    private int deleteOldest(Optional<ServiceName> service, Instant cutoff, int limit) {
        return unitOfWork().inTransaction(transaction -> maintenance().deleteOldest(transaction, service, cutoff, limit));
    }
}
