package dev.eventidempotency.adapter.postgres.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.outbox.port.out.EmailOutboxContract;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.ParkedMessage;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox table on PostgreSQL: the ports' contract, relays side by side, and the operator's and
 * retention's ports, which no fake stands in for.
 */
class MyBatisEmailOutboxIT extends EmailOutboxContract {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();
    private final MyBatisEmailOutbox outbox = new MyBatisEmailOutbox();

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected EmailOutbox emailOutbox() {
        return outbox;
    }

    @Override
    protected PendingEmails pendingEmails() {
        return outbox;
    }

    @Test
    void aRelayPassesOverTheRowAnotherRelayHoldsInsteadOfWaiting() throws Exception {
        enqueue(email("evt-1"));
        enqueue(email("evt-2"));
        CountDownLatch firstHoldsItsRow = new CountDownLatch(1);
        CountDownLatch secondIsDone = new CountDownLatch(1);

        CompletableFuture<Optional<PendingEmail>> first = CompletableFuture.supplyAsync(() ->
                unitOfWork().inTransaction(transaction -> {
                    Optional<PendingEmail> held = outbox.claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 1).stream()
                            .findFirst();
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
    void aLongReplyIsCutToTheColumnsWidth() {
        OutgoingEmail email = email("evt-1");
        enqueue(email);

        unitOfWork().inTransaction(transaction -> {
            outbox.retryLater(transaction, email.id(), NOW, "451 " + "x".repeat(2_000));
            return null;
        });

        assertThat(db.count("SELECT length(last_error) FROM outbox_emails")).isEqualTo(MyBatisEmailOutbox.MAX_ERROR_LENGTH);
    }

    @Test
    void aParkedEmailIsShownToTheOperatorAndDeliveredAgainOnlyWhenRequeued() {
        OutgoingEmail parked = email("evt-1");
        enqueue(parked);
        enqueue(email("evt-2"));
        markSent(email("evt-2").id());
        unitOfWork().inTransaction(transaction -> {
            outbox.park(transaction, parked.id(), "550 no such mailbox");
            return null;
        });

        assertThat(counts()).isEqualTo(new OutboxCounts(0, 1, 1));
        assertThat(parked())
                .singleElement()
                .satisfies(shown -> {
                    assertThat(shown.id()).isEqualTo(parked.id());
                    assertThat(shown.summary()).isEqualTo("event evt-1  to " + parked.to().value());
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
        unitOfWork().inTransaction(transaction -> {
            outbox.park(transaction, email("parked").id(), "550");
            return null;
        });
        Instant cutoff = NOW.minus(Duration.ofDays(7));

        assertThat(countSentBefore(cutoff)).isEqualTo(5);
        assertThat(deleteSentBefore(cutoff, 3)).isEqualTo(3);
        assertThat(deleteSentBefore(cutoff, 3)).isEqualTo(2);

        assertThat(db.query("SELECT event_id FROM outbox_emails ORDER BY 1")).containsExactly("parked", "pending", "recent");
    }

    private OutboxCounts counts() {
        return unitOfWork().inTransaction(outbox::counts);
    }

    private List<ParkedMessage<MessageId>> parked() {
        return unitOfWork().inTransaction(transaction -> outbox.parked(transaction, 10));
    }

    private boolean requeue(MessageId id) {
        return unitOfWork().inTransaction(transaction -> outbox.requeueParked(transaction, id));
    }

    private long countSentBefore(Instant cutoff) {
        return unitOfWork().inTransaction(transaction -> outbox.countSentBefore(transaction, cutoff));
    }

    private int deleteSentBefore(Instant cutoff, int limit) {
        return unitOfWork().inTransaction(transaction -> outbox.deleteSentBefore(transaction, cutoff, limit));
    }

    private void markSent(MessageId id, Instant at) {
        unitOfWork().inTransaction(transaction -> {
            outbox.markSent(transaction, List.of(id), at);
            return null;
        });
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
