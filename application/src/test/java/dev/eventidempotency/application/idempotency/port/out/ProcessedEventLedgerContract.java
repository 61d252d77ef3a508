package dev.eventidempotency.application.idempotency.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProcessedEventLedger} promises, checked on each implementation: the in-memory
 * fake the application's tests run on, and the one on PostgreSQL. The ledger lives in the domain,
 * but its claims are written in a unit of work, so its contract is here with the unit of work's.
 * A test of an implementation extends this class and gives both; each test starts with an empty ledger.
 */
public abstract class ProcessedEventLedgerContract {

    protected static final ServiceName SERVICE = new ServiceName("user-service");
    protected static final TopicName TOPIC = new TopicName("user-events");

    protected abstract UnitOfWork unitOfWork();

    protected abstract ProcessedEventLedger ledger();

    @Test
    void theFirstClaimWinsAndEveryLaterOneIsADuplicate() {
        EventClaim claim = claim("evt-1");

        assertThat(claimInOwnTransaction(claim)).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(claimInOwnTransaction(claim)).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
        assertThat(claimInOwnTransaction(claim)).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void aSecondClaimInTheSameTransactionIsADuplicateToo() {
        EventClaim claim = claim("evt-1");

        ClaimOutcome second = unitOfWork().inTransaction(transaction -> {
            ledger().claim(transaction, claim);
            return ledger().claim(transaction, claim);
        });

        assertThat(second).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void eachServiceClaimsTheSameEventOnce() {
        EventClaim audit = new EventClaim(new EventId("evt-1"), new ServiceName("audit-service"), TOPIC,
                PayloadFingerprint.of("evt-1"));

        assertThat(claimInOwnTransaction(claim("evt-1"))).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(claimInOwnTransaction(audit)).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(claimInOwnTransaction(audit)).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void theTopicDoesNotMakeAnEventAnotherOne() {
        claimInOwnTransaction(claim("evt-1"));
        EventClaim otherTopic = new EventClaim(new EventId("evt-1"), SERVICE, new TopicName("user-events-retry"),
                PayloadFingerprint.of("evt-1"));

        assertThat(claimInOwnTransaction(otherTopic)).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void aClaimWhoseTransactionFailsIsUndoneSoTheRedeliveryClaimsIt() {
        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            ledger().claim(transaction, claim("evt-1"));
            throw new IllegalStateException("the handler failed after the claim");
        })).hasMessage("the handler failed after the claim");

        assertThat(claimInOwnTransaction(claim("evt-1"))).isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    void anIdClaimedBeforeWithOtherContentIsAPayloadConflictThatReplacesNothing() {
        claimInOwnTransaction(claim("evt-1"));
        EventClaim otherContent = new EventClaim(new EventId("evt-1"), SERVICE, TOPIC, PayloadFingerprint.of("changed"));

        assertThat(claimInOwnTransaction(otherContent)).isEqualTo(ClaimOutcome.PAYLOAD_CONFLICT);
        assertThat(claimInOwnTransaction(otherContent)).isEqualTo(ClaimOutcome.PAYLOAD_CONFLICT);
        assertThat(claimInOwnTransaction(claim("evt-1"))).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void idsAreComparedExactlyNeverInterpreted() {
        String hostile = "evt'); DELETE FROM processed_events; -- \\ % _ $1 #{x}";
        String composed = "caf\u00E9";
        String decomposed = "cafe\u0301";

        List<ClaimOutcome> answers = unitOfWork().inTransaction(transaction ->
                ledger().claimAll(transaction, claims(hostile, composed, decomposed, "EVT-1", "evt-1", "evt-1 ")));

        assertThat(answers).containsOnly(ClaimOutcome.CLAIMED).hasSize(6);
        assertThat(claimInOwnTransaction(claim(hostile))).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
        assertThat(claimInOwnTransaction(claim(decomposed))).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void aBatchClaimAnswersEachClaimInOrderAndWinsEachIdOnce() {
        claimInOwnTransaction(claim("old"));

        List<ClaimOutcome> answers = unitOfWork().inTransaction(transaction -> ledger().claimAll(transaction,
                claims("new-1", "old", "new-2", "new-1")));

        assertThat(answers).containsExactly(ClaimOutcome.CLAIMED, ClaimOutcome.ALREADY_PROCESSED, ClaimOutcome.CLAIMED,
                ClaimOutcome.ALREADY_PROCESSED);
        assertThat(claimAllInOwnTransaction(claims("new-1", "new-2", "old"))).containsOnly(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void anEmptyBatchClaimsNothing() {
        assertThat(claimAllInOwnTransaction(List.of())).isEmpty();
    }

    @Test
    void aBatchOfSeveralServicesIsRefusedAndClaimsNothing() {
        EventClaim audit = new EventClaim(new EventId("evt-2"), new ServiceName("audit-service"), TOPIC,
                PayloadFingerprint.of("evt-2"));

        assertThatThrownBy(() -> claimAllInOwnTransaction(List.of(claim("evt-1"), audit)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(claimAllInOwnTransaction(List.of(claim("evt-1")))).containsExactly(ClaimOutcome.CLAIMED);
        assertThat(claimAllInOwnTransaction(List.of(audit))).containsExactly(ClaimOutcome.CLAIMED);
    }

    @Test
    void withinOneBatchEachClaimIsMeasuredAgainstWhatWasClaimedBeforeIt() {
        claimInOwnTransaction(claim("held"));
        EventClaim heldChanged = new EventClaim(new EventId("held"), SERVICE, TOPIC, PayloadFingerprint.of("changed"));
        EventClaim freshChanged = new EventClaim(new EventId("fresh"), SERVICE, TOPIC, PayloadFingerprint.of("changed"));

        List<ClaimOutcome> answers = claimAllInOwnTransaction(List.of(
                heldChanged, claim("held"), claim("fresh"), freshChanged));

        assertThat(answers).containsExactly(ClaimOutcome.PAYLOAD_CONFLICT, ClaimOutcome.ALREADY_PROCESSED,
                ClaimOutcome.CLAIMED, ClaimOutcome.PAYLOAD_CONFLICT);
    }

    @Test
    void aBatchClaimWhoseTransactionFailsIsUndoneWhole() {
        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            ledger().claimAll(transaction, claims("a", "b"));
            throw new IllegalStateException("the handler failed after the batch claim");
        })).hasMessage("the handler failed after the batch claim");

        assertThat(claimAllInOwnTransaction(claims("a", "b"))).containsOnly(ClaimOutcome.CLAIMED);
    }

    @Test
    void aBatchClaimedAgainInItsOwnTransactionIsADuplicate() {
        List<EventClaim> batch = claims("a", "b");

        List<ClaimOutcome> again = unitOfWork().inTransaction(transaction -> {
            ledger().claimAll(transaction, batch);
            return ledger().claimAll(transaction, batch);
        });

        assertThat(again).containsOnly(ClaimOutcome.ALREADY_PROCESSED);
    }

    protected static EventClaim claim(String eventId) {
        return new EventClaim(new EventId(eventId), SERVICE, TOPIC, PayloadFingerprint.of(eventId));
    }

    protected static List<EventClaim> claims(String... ids) {
        return Arrays.stream(ids).map(ProcessedEventLedgerContract::claim).toList();
    }

    protected ClaimOutcome claimInOwnTransaction(EventClaim claim) {
        return unitOfWork().inTransaction(transaction -> ledger().claim(transaction, claim));
    }

    private List<ClaimOutcome> claimAllInOwnTransaction(List<EventClaim> claims) {
        return unitOfWork().inTransaction(transaction -> ledger().claimAll(transaction, claims));
    }
}
