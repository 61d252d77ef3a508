package dev.eventidempotency.adapter.postgres.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.out.ProcessedEventLedgerContract;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger on PostgreSQL: the port's contract, and what only a database can get wrong (storage, plans, triggers). */
class MyBatisProcessedEventLedgerIT extends ProcessedEventLedgerContract {

    private static TestDatabase db;
    private static UnitOfWork unitOfWork;
    private final MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();

    @Override
    protected UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    @Override
    protected ProcessedEventLedger ledger() {
        return ledger;
    }

    @BeforeAll
    static void migrate() {
        db = TestPostgres.freshDatabase();
        unitOfWork = db.database().unitOfWork();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void emptyLedger() {
        db.execute("TRUNCATE processed_events");
    }

    @Test
    void anEventIdIsStoredVerbatimNeverInterpreted() {
        String hostile = "evt'); DELETE FROM processed_events; -- \\ % _ $1 #{x}";

        assertThat(claimInOwnTransaction(claim(hostile))).isEqualTo(ClaimOutcome.CLAIMED);

        assertThat(db.query("SELECT event_id FROM processed_events")).containsExactly(hostile);
        assertThat(claimInOwnTransaction(claim(hostile))).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void idsOfFourByteCharactersCombiningMarksAndTheLongestMultibyteLengthAreStoredAndFoundExactly() {
        List<String> ids = List.of(
                "evt-\uD83D\uDE00-\uD834\uDD1E",
                "e\u0301v\u0308t\u0327-combining",
                "\uD83D\uDE00".repeat(EventId.MAX_LENGTH),
                "\u65E5".repeat(EventId.MAX_LENGTH));

        List<ClaimOutcome> answers =
                unitOfWork.inTransaction(transaction -> ledger.claimAll(transaction, claims(ids.toArray(String[]::new))));

        assertThat(answers).containsOnly(ClaimOutcome.CLAIMED);
        assertThat(db.query("SELECT event_id FROM processed_events")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(db.query("SELECT length(event_id) || ' characters, ' || octet_length(event_id) || ' bytes'"
                + " FROM processed_events"))
                .containsExactlyInAnyOrder("7 characters, 13 bytes", "16 characters, 19 bytes", "255 characters, 1020 bytes",
                        "255 characters, 765 bytes");
        ids.forEach(id -> assertThat(claimInOwnTransaction(claim(id))).as("claim again").isEqualTo(
                ClaimOutcome.ALREADY_PROCESSED));
    }

    @Test
    void aClaimTheDatabaseStoredUnderAnotherIdIsAnErrorNeverADuplicate() {
        // A schema of its own: a trigger that alters ids, as a fork's "clean-up" trigger might.
        try (TestDatabase own = TestPostgres.freshDatabase()) {
            own.execute("""
                    CREATE FUNCTION lower_event_id() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN NEW.event_id := lower(NEW.event_id); RETURN NEW; END $$;
                    CREATE TRIGGER lower_event_id BEFORE INSERT ON processed_events
                    FOR EACH ROW EXECUTE FUNCTION lower_event_id()""");

            assertThatThrownBy(() -> own.database().unitOfWork()
                    .inTransaction(transaction -> ledger.claimAll(transaction, claims("fine", "EVT-Upper"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("event id 'EVT-Upper' was neither inserted nor found in the ledger as sent: the database stored"
                            + " another id in its place, so the claim cannot tell whether this event is new");

            assertThat(own.count("SELECT count(*) FROM processed_events")).as("ledger rows after the refused claim").isZero();
        }
    }

    @Test
    void theLedgerRowRecordsTopicAndTime() {
        claimInOwnTransaction(claim("evt-1"));

        assertThat(db.query("SELECT topic FROM processed_events")).containsExactly("user-events");
        assertThat(db.count("SELECT count(*) FROM processed_events WHERE processed_at > now() - interval '1 minute'"))
                .isEqualTo(1);
    }

    @Test
    void aRowClaimedBeforeFingerprintsExistedCountsAsTheSameContent() {
        db.execute("INSERT INTO processed_events (event_id, service_name, topic) VALUES ('legacy', 'user-service', 't')");

        assertThat(claimInOwnTransaction(claim("legacy"))).isEqualTo(ClaimOutcome.ALREADY_PROCESSED);
    }

    @Test
    void aDuplicateIsLookedUpThroughTheUniqueIndexAfterTheLedgerGrewWithoutAnAnalyze() {
        // A table of its own: scan counters are per table, and no other query may touch this one.
        try (TestDatabase own = TestPostgres.freshDatabase()) {
            UnitOfWork work = own.database().unitOfWork();
            List<EventClaim> duplicates = claims("dup-1", "dup-2");
            // While the table is small: enough lookups for the driver to prepare them on the server (5) and
            // for PostgreSQL to settle on a generic plan for them (5 more), with a margin.
            int lookups = 30;
            for (int i = 0; i <= lookups; i++) {
                work.inTransaction(transaction -> ledger.claimAll(transaction, duplicates));
            }
            // While the table is one page a sequential scan is the right plan: wait until those are reported.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> tableScans(own, "seq_scan") + tableScans(own, "idx_scan") >= lookups);
            long sequentialScansWhileSmall = tableScans(own, "seq_scan");
            own.execute("""
                    INSERT INTO processed_events (event_id, service_name, topic)
                    SELECT 'grown-' || g, 'user-service', 'user-events' FROM generate_series(1, 50000) AS g""");
            long indexScansBefore = tableScans(own, "idx_scan");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                work.inTransaction(transaction -> ledger.claimAll(transaction, duplicates));
                return tableScans(own, "idx_scan") >= indexScansBefore + 10;
            });

            assertThat(tableScans(own, "seq_scan")).as("sequential scans of processed_events once it has 50,000 rows")
                    .isEqualTo(sequentialScansWhileSmall);
        }
    }

    /** A scan counter of processed_events; backends report theirs at most once a second, after a transaction. */
    private static long tableScans(TestDatabase database, String counter) {
        return database.count("SELECT " + counter + " FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                + "AND relname = 'processed_events'");
    }

}
