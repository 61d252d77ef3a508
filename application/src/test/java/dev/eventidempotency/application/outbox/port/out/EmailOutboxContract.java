package dev.eventidempotency.application.outbox.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the outbox promises on both of its sides, checked on each implementation: the handler's
 * {@link EmailOutbox} and the relay's {@link PendingEmails}, on the in-memory fake the relay's tests
 * run on and on PostgreSQL. A test of an implementation extends this class and gives the two ports
 * and their unit of work; each test starts with an empty outbox.
 */
public abstract class EmailOutboxContract {

    /** A recorded e-mail is due at once (the database's clock); an hour on, every one of them is due. */
    protected static final Instant DUE_BY_NOW = Instant.now().plus(Duration.ofHours(1));
    protected static final Duration LEASE = Duration.ofMinutes(12);

    protected abstract UnitOfWork unitOfWork();

    protected abstract EmailOutbox emailOutbox();

    protected abstract PendingEmails pendingEmails();

    @Test
    void anEmailIsRecordedOnlyIfItsTransactionCommits() {
        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            emailOutbox().enqueue(transaction, List.of(email("evt-1")));
            throw new IllegalStateException("the handler failed after queueing");
        })).hasMessageContaining("handler failed");
        assertThat(nextDue(DUE_BY_NOW)).isEmpty();

        enqueue(email("evt-1"));

        assertThat(nextDue(DUE_BY_NOW)).map(PendingEmail::email).contains(email("evt-1"));
    }

    @Test
    void aRecordedEmailIsDueAtOnceAndNotBefore() {
        enqueue(email("evt-1"));

        assertThat(nextDue(DUE_BY_NOW.minus(Duration.ofHours(2)))).isEmpty();
        assertThat(nextDue(DUE_BY_NOW)).map(PendingEmail::failedAttempts).contains(0);
    }

    @Test
    void recordingTheSameMessageAgainChangesNothing() {
        enqueue(email("evt-1"), email("evt-1"));
        markSent(claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE)).orElseThrow().email().id());

        enqueue(email("evt-1"));

        assertThat(nextDue(DUE_BY_NOW)).as("a sent e-mail recorded again").isEmpty();
    }

    @Test
    void theEmailDueLongestIsClaimedFirst() {
        enqueue(email("evt-1"));
        enqueue(email("evt-2"));
        retryLater(email("evt-1").id(), DUE_BY_NOW.plusSeconds(1));

        assertThat(nextDue(DUE_BY_NOW.plusSeconds(2))).map(held -> held.email().event().value()).contains("evt-2");
        assertThat(nextDue(DUE_BY_NOW.plusSeconds(2))).map(held -> held.email().event().value()).contains("evt-1");
    }

    @Test
    void aClaimedEmailIsLeftToItsRelayUntilTheLeaseEnds() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);

        assertThat(claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE))).map(PendingEmail::email).contains(email);

        assertThat(claim(DUE_BY_NOW.plus(LEASE).minusMillis(1), DUE_BY_NOW.plus(LEASE.multipliedBy(2)))).isEmpty();
        assertThat(claim(DUE_BY_NOW.plus(LEASE), DUE_BY_NOW.plus(LEASE.multipliedBy(2))))
                .as("a relay that died during the send leaves the e-mail to the next once the lease ends")
                .map(PendingEmail::email).contains(email);
    }

    @Test
    void aSecondClaimInOneTransactionTakesAnotherEmail() {
        enqueue(email("evt-1"), email("evt-2"));

        List<List<PendingEmail>> claimed = unitOfWork().inTransaction(transaction -> List.of(
                pendingEmails().claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 1),
                pendingEmails().claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 1),
                pendingEmails().claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 1)));

        assertThat(claimed).extracting(held -> held.stream().map(pending -> pending.email().event().value())
                        .findFirst().orElse("none"))
                .containsExactlyInAnyOrder("evt-1", "evt-2", "none");
    }

    @Test
    void aBatchClaimTakesTheEmailsDueLongestUpToItsLimitAndTheNextClaimTheRest() {
        enqueue(email("evt-1"), email("evt-2"), email("evt-3"));
        retryLater(email("evt-2").id(), DUE_BY_NOW.plusSeconds(1));

        List<PendingEmail> first = unitOfWork().inTransaction(
                transaction -> pendingEmails().claimDue(transaction, DUE_BY_NOW.plusSeconds(2), DUE_BY_NOW.plus(LEASE), 2));
        List<PendingEmail> second = unitOfWork().inTransaction(
                transaction -> pendingEmails().claimDue(transaction, DUE_BY_NOW.plusSeconds(2), DUE_BY_NOW.plus(LEASE), 2));

        assertThat(first).extracting(held -> held.email().event().value()).containsExactlyInAnyOrder("evt-1", "evt-3");
        assertThat(second).extracting(held -> held.email().event().value()).containsExactly("evt-2");
    }

    @Test
    void oneMarkSentEndsEveryEmailItNames() {
        enqueue(email("evt-1"), email("evt-2"));
        List<MessageId> claimed = unitOfWork().inTransaction(transaction -> pendingEmails()
                .claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 10).stream().map(held -> held.email().id()).toList());

        unitOfWork().inTransaction(transaction -> {
            pendingEmails().markSent(transaction, claimed, DUE_BY_NOW);
            return null;
        });

        assertThat(claimed).hasSize(2);
        assertThat(nextDue(DUE_BY_NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aClaimWhoseTransactionFailsLeavesNoLease() {
        enqueue(email("evt-1"));

        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            pendingEmails().claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 1);
            throw new IllegalStateException("the relay crashed before its claim committed");
        })).hasMessageContaining("crashed");

        assertThat(nextDue(DUE_BY_NOW)).map(PendingEmail::email).contains(email("evt-1"));
    }

    @Test
    void aSentEmailIsNeverClaimedAgain() {
        enqueue(email("evt-1"));
        claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));

        markSent(email("evt-1").id());

        assertThat(nextDue(DUE_BY_NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aRetryEndsTheLeaseWaitsUntilItIsDueAndCountsEachFailure() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);
        claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));
        retryLater(email.id(), DUE_BY_NOW.plusSeconds(1));
        claim(DUE_BY_NOW.plusSeconds(1), DUE_BY_NOW.plus(LEASE));

        retryLater(email.id(), DUE_BY_NOW.plusSeconds(60));

        assertThat(nextDue(DUE_BY_NOW.plusSeconds(59))).isEmpty();
        assertThat(nextDue(DUE_BY_NOW.plusSeconds(60))).map(PendingEmail::failedAttempts).contains(2);
    }

    @Test
    void aParkedEmailIsNotClaimedAgain() {
        enqueue(email("evt-1"));
        claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));

        unitOfWork().inTransaction(transaction -> {
            pendingEmails().park(transaction, email("evt-1").id(), "550 no such mailbox");
            return null;
        });

        assertThat(nextDue(DUE_BY_NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aRelayWhoseLeaseRanOutCannotUndoWhatAnotherRelayRecorded() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);
        claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));
        claim(DUE_BY_NOW.plus(LEASE), DUE_BY_NOW.plus(LEASE.multipliedBy(2)));
        markSent(email.id());

        unitOfWork().inTransaction(transaction -> {
            pendingEmails().park(transaction, email.id(), "the first relay's late failure");
            pendingEmails().retryLater(transaction, email.id(), DUE_BY_NOW, "the first relay's late failure");
            return null;
        });

        assertThat(nextDue(DUE_BY_NOW.plus(Duration.ofDays(1)))).as("a sent e-mail made due again").isEmpty();
    }

    /** The welcome e-mail of the event, with a Message-ID derived from it. */
    public static OutgoingEmail email(String eventId) {
        EventId event = new EventId(eventId);
        return new OutgoingEmail(MessageId.forEvent(event, "welcome", "example.com"), event,
                new EmailAddress("welcome@example.com"), new EmailAddress(eventId + "@example.org"), "Welcome aboard",
                "Hello");
    }

    protected void enqueue(OutgoingEmail... emails) {
        unitOfWork().inTransaction(transaction -> {
            emailOutbox().enqueue(transaction, List.of(emails));
            return null;
        });
    }

    protected Optional<PendingEmail> nextDue(Instant now) {
        return claim(now, now.plus(LEASE));
    }

    protected Optional<PendingEmail> claim(Instant now, Instant leaseUntil) {
        return unitOfWork().inTransaction(
                transaction -> pendingEmails().claimDue(transaction, now, leaseUntil, 1).stream().findFirst());
    }

    protected void markSent(MessageId id) {
        unitOfWork().inTransaction(transaction -> {
            pendingEmails().markSent(transaction, List.of(id), DUE_BY_NOW);
            return null;
        });
    }

    protected void retryLater(MessageId id, Instant nextAttemptAt) {
        unitOfWork().inTransaction(transaction -> {
            pendingEmails().retryLater(transaction, id, nextAttemptAt, "451 busy");
            return null;
        });
    }
}
