package dev.eventidempotency.adapter.postgres.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.ParkedEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.EmailAddress;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox table on the real database: recorded with its transaction, leased to one relay at a time. */
class MyBatisEmailOutboxIT {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    /** New rows are due at the database's now(); an hour ahead every one of them is due. */
    private static final Instant DUE_BY_NOW = Instant.now().plus(Duration.ofHours(1));
    private static final Duration LEASE = Duration.ofMinutes(12);

    private static TestDatabase db;
    private static UnitOfWork unitOfWork;
    private final MyBatisEmailOutbox outbox = new MyBatisEmailOutbox();

    @BeforeAll
    static void createDatabase() {
        db = TestPostgres.freshDatabase();
        unitOfWork = db.database().unitOfWork();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyOutbox() {
        db.execute("TRUNCATE outbox_emails");
    }

    @Test
    void anEmailIsRecordedOnlyIfItsTransactionCommits() {
        assertThatThrownBy(() -> unitOfWork.inTransaction(transaction -> {
            outbox.enqueue(transaction, List.of(email("evt-1")));
            throw new IllegalStateException("the handler failed after queueing");
        })).hasMessageContaining("handler failed");
        assertThat(db.count("SELECT count(*) FROM outbox_emails")).isZero();

        unitOfWork.inTransaction(transaction -> {
            outbox.enqueue(transaction, List.of(email("evt-1"), email("evt-2")));
            return null;
        });
        assertThat(db.query("SELECT event_id || ' ' || status || ' ' || failed_attempts FROM outbox_emails ORDER BY 1"))
                .containsExactly("evt-1 pending 0", "evt-2 pending 0");
    }

    @Test
    void recordingTheSameMessageAgainChangesNothing() {
        enqueue(email("evt-1"));
        markSent(email("evt-1").id());

        enqueue(email("evt-1"));

        assertThat(db.query("SELECT status FROM outbox_emails")).containsExactly("sent");
    }

    @Test
    void aRelayPassesOverTheRowAnotherRelayHoldsInsteadOfWaiting() throws Exception {
        enqueue(email("evt-1"));
        enqueue(email("evt-2"));
        CountDownLatch firstHoldsItsRow = new CountDownLatch(1);
        CountDownLatch secondIsDone = new CountDownLatch(1);

        CompletableFuture<Optional<PendingEmail>> first = CompletableFuture.supplyAsync(() ->
                unitOfWork.inTransaction(transaction -> {
                    Optional<PendingEmail> held = outbox.claimNextDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));
                    firstHoldsItsRow.countDown();
                    await(secondIsDone);
                    return held;
                }));
        assertThat(firstHoldsItsRow.await(10, TimeUnit.SECONDS)).isTrue();
        Optional<PendingEmail> second = nextDue(DUE_BY_NOW);
        Optional<PendingEmail> third = CompletableFuture.supplyAsync(() -> nextDue(DUE_BY_NOW)).get(10, TimeUnit.SECONDS);
        secondIsDone.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).map(held -> held.email().event().value()).contains("evt-1");
        assertThat(second).map(held -> held.email().event().value()).contains("evt-2");
        assertThat(third).as("one row is being claimed, the other is leased").isEmpty();
    }

    @Test
    void aClaimedRowIsLeftToItsRelayUntilTheLeaseEndsWithNoTransactionOpen() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);

        Optional<PendingEmail> claimed = claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));

        assertThat(claimed).map(PendingEmail::email).contains(email);
        assertThat(db.count("SELECT count(*) FROM outbox_emails WHERE lease_until IS NOT NULL")).isOne();
        assertThat(claim(DUE_BY_NOW.plus(LEASE).minusMillis(1), DUE_BY_NOW.plus(LEASE.multipliedBy(2)))).isEmpty();
        assertThat(claim(DUE_BY_NOW.plus(LEASE), DUE_BY_NOW.plus(LEASE.multipliedBy(2))))
                .as("a relay that died during the send leaves the row to the next once the lease ends")
                .map(PendingEmail::email).contains(email);
    }

    @Test
    void recordingTheResultEndsTheLease() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);
        claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));

        unitOfWork.inTransaction(transaction -> {
            outbox.retryLater(transaction, email.id(), DUE_BY_NOW, "451 busy");
            return null;
        });

        assertThat(db.count("SELECT count(*) FROM outbox_emails WHERE lease_until IS NULL")).isOne();
        assertThat(nextDue(DUE_BY_NOW)).map(PendingEmail::failedAttempts).contains(1);
    }

    @Test
    void aRelayWhoseLeaseRanOutCannotUndoWhatAnotherRelayRecorded() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);
        claim(DUE_BY_NOW, DUE_BY_NOW.plus(LEASE));
        claim(DUE_BY_NOW.plus(LEASE), DUE_BY_NOW.plus(LEASE.multipliedBy(2)));
        markSent(email.id());

        unitOfWork.inTransaction(transaction -> {
            outbox.park(transaction, email.id(), "the first relay's late failure");
            outbox.retryLater(transaction, email.id(), NOW, "the first relay's late failure");
            return null;
        });

        assertThat(db.query("SELECT status || ' ' || failed_attempts FROM outbox_emails")).containsExactly("sent 0");
    }

    @Test
    void aRetryWaitsUntilItIsDueAndCountsTheFailure() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);
        String longReply = "451 " + "x".repeat(2_000);

        unitOfWork.inTransaction(transaction -> {
            outbox.retryLater(transaction, email.id(), NOW.plus(Duration.ofMinutes(1)), longReply);
            return null;
        });

        assertThat(nextDue(NOW.plusSeconds(59))).isEmpty();
        assertThat(nextDue(NOW.plusSeconds(60)))
                .map(PendingEmail::failedAttempts).contains(1);
        assertThat(db.count("SELECT length(last_error) FROM outbox_emails")).isEqualTo(MyBatisEmailOutbox.MAX_ERROR_LENGTH);
    }

    @Test
    void aParkedEmailIsShownToTheOperatorAndDeliveredAgainOnlyWhenRequeued() {
        OutgoingEmail parked = email("evt-1");
        enqueue(parked);
        enqueue(email("evt-2"));
        markSent(email("evt-2").id());
        unitOfWork.inTransaction(transaction -> {
            outbox.park(transaction, parked.id(), "550 no such mailbox");
            return null;
        });

        assertThat(counts()).isEqualTo(new OutboxCounts(0, 1, 1));
        assertThat(parked())
                .singleElement()
                .satisfies(shown -> {
                    assertThat(shown.id()).isEqualTo(parked.id());
                    assertThat(shown.recipient()).isEqualTo(parked.to().value());
                    assertThat(shown.failedAttempts()).isEqualTo(1);
                    assertThat(shown.lastError()).isEqualTo("550 no such mailbox");
                });
        assertThat(nextDue(NOW.plus(Duration.ofDays(1))))
                .isEmpty();

        assertThat(requeue(parked.id())).isTrue();
        assertThat(requeue(email("evt-2").id()))
                .as("a sent e-mail is not requeued").isFalse();
        assertThat(nextDue(DUE_BY_NOW))
                .map(PendingEmail::failedAttempts).contains(0);
    }

    @Test
    void retentionDeletesOnlySentEmailsOlderThanTheCutoff() {
        for (int i = 1; i <= 5; i++) {
            enqueue(email("old-" + i));
            markSent(email("old-" + i).id(), NOW.minus(Duration.ofDays(10)));
        }
        enqueue(email("recent"));
        markSent(email("recent").id(), NOW);
        enqueue(email("pending"));
        enqueue(email("parked"));
        unitOfWork.inTransaction(transaction -> {
            outbox.park(transaction, email("parked").id(), "550");
            return null;
        });
        Instant cutoff = NOW.minus(Duration.ofDays(7));

        assertThat(countSentBefore(cutoff)).isEqualTo(5);
        assertThat(deleteSentBefore(cutoff, 3)).isEqualTo(3);
        assertThat(deleteSentBefore(cutoff, 3)).isEqualTo(2);

        assertThat(db.query("SELECT event_id FROM outbox_emails ORDER BY 1")).containsExactly("parked", "pending", "recent");
    }

    private Optional<PendingEmail> nextDue(Instant now) {
        return claim(now, now.plus(LEASE));
    }

    private Optional<PendingEmail> claim(Instant now, Instant leaseUntil) {
        return unitOfWork.inTransaction(transaction -> outbox.claimNextDue(transaction, now, leaseUntil));
    }

    private OutboxCounts counts() {
        return unitOfWork.inTransaction(outbox::counts);
    }

    private List<ParkedEmail> parked() {
        return unitOfWork.inTransaction(transaction -> outbox.parked(transaction, 10));
    }

    private boolean requeue(MessageId id) {
        return unitOfWork.inTransaction(transaction -> outbox.requeueParked(transaction, id));
    }

    private long countSentBefore(Instant cutoff) {
        return unitOfWork.inTransaction(transaction -> outbox.countSentBefore(transaction, cutoff));
    }

    private int deleteSentBefore(Instant cutoff, int limit) {
        return unitOfWork.inTransaction(transaction -> outbox.deleteSentBefore(transaction, cutoff, limit));
    }

    private void enqueue(OutgoingEmail email) {
        unitOfWork.inTransaction(transaction -> {
            outbox.enqueue(transaction, List.of(email));
            return null;
        });
    }

    private void markSent(MessageId id) {
        markSent(id, NOW);
    }

    private void markSent(MessageId id, Instant at) {
        unitOfWork.inTransaction(transaction -> {
            outbox.markSent(transaction, id, at);
            return null;
        });
    }

    private static OutgoingEmail email(String eventId) {
        EventId event = new EventId(eventId);
        return new OutgoingEmail(MessageId.forEvent(event, "welcome", "example.com"), event,
                new EmailAddress("welcome@example.com"), new EmailAddress(eventId + "@example.org"), "Welcome aboard",
                "Hello");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other transaction did not get there within 10 s");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
