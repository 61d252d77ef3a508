package dev.eventidempotency.adapter.postgres.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.ParkedMessage;
import dev.eventidempotency.application.outbox.port.out.PendingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event outbox on the real database: recorded with its transaction, one key's events strictly in order. */
class MyBatisEventOutboxIT {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    /** New rows are due at the database's now(); an hour ahead every one of them is due. */
    private static final Instant DUE_BY_NOW = Instant.now().plus(Duration.ofHours(1));
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final TopicName TOPIC = new TopicName("user-registered");

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();
    private final MyBatisEventOutbox outbox = new MyBatisEventOutbox();

    @Test
    void anEventIsRecordedOnlyIfItsTransactionCommitsAndComesBackAsRecorded() {
        OutgoingEvent event = new OutgoingEvent(new EventId("e-1"), TOPIC, "k1", "UserRegistered",
                Instant.parse("2026-11-28T10:15:30.123456Z"), Map.of("name", "Zoë \"quoted\" \\ \u00e9\n\t\u0001😀", "say \"a\"", "1", "e", ""));
        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            outbox.record(transaction, List.of(event));
            throw new IllegalStateException("the handler failed after recording");
        })).hasMessageContaining("handler failed");
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isZero();

        record(event);

        assertThat(nextDue()).map(PendingEvent::event).contains(event);
    }

    @Test
    void recordingTheSameEventAgainChangesNothing() {
        record(event("e-1", "k1"));
        markSent(new EventId("e-1"));
        record(event("e-1", "k1"), event("e-2", "k1"));

        assertThat(db.query("SELECT event_id || ' ' || status FROM outbox_events ORDER BY position"))
                .containsExactly("e-1 sent", "e-2 pending");
    }

    @Test
    void anEventWaitsUntilEveryEarlierEventOfItsKeyIsSentWhileOtherKeysGoOn() {
        record(event("k1-first", "k1"), event("k2-first", "k2"), event("k1-second", "k1"));

        assertThat(nextDue()).map(PendingEvent::id).contains(new EventId("k1-first"));
        assertThat(nextDue()).map(PendingEvent::id).contains(new EventId("k2-first"));
        assertThat(nextDue()).as("k1-second waits for k1-first, leased but unsent").isEmpty();

        retryLater(new EventId("k1-first"), DUE_BY_NOW.plus(Duration.ofHours(1)));
        assertThat(nextDue()).as("k1-second waits for k1-first, waiting for a retry").isEmpty();

        park(new EventId("k1-first"));
        assertThat(nextDue()).as("k1-second waits for k1-first, parked").isEmpty();

        db.execute("UPDATE outbox_events SET status = 'sent', sent_at = now() WHERE event_id = 'k1-first'");
        assertThat(nextDue()).map(PendingEvent::id).contains(new EventId("k1-second"));
    }

    @Test
    void aBatchClaimHoldsOnlyTheFirstUnsentEventOfEachKey() {
        record(event("k1-1", "k1"), event("k2-1", "k2"), event("k1-2", "k1"), event("k3-1", "k3"), event("k2-2", "k2"),
                event("k1-3", "k1"));

        assertThat(claim(100)).extracting(pending -> pending.id().value()).containsExactlyInAnyOrder("k1-1", "k2-1", "k3-1");
        assertThat(claim(100)).as("every key's first event is leased and unsent").isEmpty();

        unitOfWork().inTransaction(transaction -> {
            outbox.markSent(transaction, List.of(new EventId("k1-1"), new EventId("k2-1")), NOW);
            return null;
        });
        assertThat(claim(100)).extracting(pending -> pending.id().value()).containsExactlyInAnyOrder("k1-2", "k2-2");
    }

    @Test
    void twoRelaysClaimingAtOnceNeverClaimOneEventTwiceNorTwoEventsOfOneKey() throws Exception {
        List<OutgoingEvent> events = new ArrayList<>();
        for (int position = 1; position <= 3; position++) {
            for (int key = 1; key <= 10; key++) {
                events.add(event("k" + key + "-" + position, "k" + key));
            }
        }
        record(events.toArray(OutgoingEvent[]::new));
        CountDownLatch firstHoldsItsRows = new CountDownLatch(1);
        CountDownLatch secondIsDone = new CountDownLatch(1);

        CompletableFuture<List<PendingEvent>> first = CompletableFuture.supplyAsync(() ->
                unitOfWork().inTransaction(transaction -> {
                    List<PendingEvent> held = outbox.claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), 4);
                    firstHoldsItsRows.countDown();
                    awaitQuietly(secondIsDone);
                    return held;
                }));
        assertThat(firstHoldsItsRows.await(10, TimeUnit.SECONDS)).isTrue();
        List<PendingEvent> second = CompletableFuture.supplyAsync(() -> claim(100)).get(10, TimeUnit.SECONDS);
        secondIsDone.countDown();

        List<String> claimed = new ArrayList<>();
        first.get(10, TimeUnit.SECONDS).forEach(pending -> claimed.add(pending.id().value()));
        second.forEach(pending -> claimed.add(pending.id().value()));
        assertThat(claimed).as("each key's first event, once, and nothing behind one")
                .containsExactlyInAnyOrder("k1-1", "k2-1", "k3-1", "k4-1", "k5-1", "k6-1", "k7-1", "k8-1", "k9-1", "k10-1");
        assertThat(claim(100)).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void theSameKeyOnAnotherTopicIsAnotherOrder() {
        record(event("t1", "k1"), new OutgoingEvent(new EventId("t2"), new TopicName("other"), "k1", "UserRegistered",
                NOW, Map.of()));

        assertThat(nextDue()).map(PendingEvent::id).contains(new EventId("t1"));
        assertThat(nextDue()).map(PendingEvent::id).contains(new EventId("t2"));
    }

    @Test
    void countsTheBacklogAndPurgesOnlySentEvents() {
        record(event("old", "k1"), event("pending", "k2"), event("parked", "k3"));
        markSent(new EventId("old"));
        park(new EventId("parked"));

        assertThat(unitOfWork().inTransaction(outbox::counts)).isEqualTo(new OutboxCounts(1, 1, 1));
        assertThat(unitOfWork().inTransaction(outbox::oldestPendingSince)).isPresent();
        int deleted = unitOfWork().inTransaction(transaction -> outbox.deleteSentBefore(transaction, NOW.plusSeconds(1), 10));
        assertThat(deleted).isEqualTo(1);
        assertThat(db.query("SELECT event_id FROM outbox_events ORDER BY 1")).containsExactly("parked", "pending");
    }

    @Test
    void aParkedEventIsShownToTheOperatorAndReleasesItsKeyOnlyWhenRequeued() {
        record(event("k1-parked", "k1"), event("k1-behind", "k1"));
        park(new EventId("k1-parked"));

        assertThat(parked()).containsExactly(new ParkedMessage<>(new EventId("k1-parked"), "topic user-registered  key k1", 1, "too large"));
        assertThat(nextDue()).as("the parked event holds its key back").isEmpty();
        assertThat(requeue(new EventId("k1-behind"))).as("only a parked event is requeued").isFalse();

        assertThat(requeue(new EventId("k1-parked"))).isTrue();

        assertThat(nextDue()).map(pending -> pending.event().id().value()).contains("k1-parked");
        assertThat(parked()).isEmpty();
    }

    private List<ParkedMessage<EventId>> parked() {
        return unitOfWork().inTransaction(transaction -> outbox.parked(transaction, 10));
    }

    private boolean requeue(EventId id) {
        return unitOfWork().inTransaction(transaction -> outbox.requeueParked(transaction, id));
    }

    private Optional<PendingEvent> nextDue() {
        return claim(1).stream().findFirst();
    }

    private List<PendingEvent> claim(int limit) {
        return unitOfWork().inTransaction(transaction -> outbox.claimDue(transaction, DUE_BY_NOW, DUE_BY_NOW.plus(LEASE), limit));
    }

    private void record(OutgoingEvent... events) {
        unitOfWork().inTransaction(transaction -> {
            outbox.record(transaction, List.of(events));
            return null;
        });
    }

    private void markSent(EventId id) {
        unitOfWork().inTransaction(transaction -> {
            outbox.markSent(transaction, List.of(id), NOW);
            return null;
        });
    }

    private void retryLater(EventId id, Instant at) {
        unitOfWork().inTransaction(transaction -> {
            outbox.retryLater(transaction, id, at, "broker away");
            return null;
        });
    }

    private void park(EventId id) {
        unitOfWork().inTransaction(transaction -> {
            outbox.park(transaction, id, "too large");
            return null;
        });
    }

    private static OutgoingEvent event(String id, String key) {
        return new OutgoingEvent(new EventId(id), TOPIC, key, "UserRegistered", NOW, Map.of("userId", key));
    }

    private static UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }
}
