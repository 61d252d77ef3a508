package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.ledger.PostgresPurgeLock;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.ledger.port.out.PurgeLock;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ledger show, duplicates, forget and purge on the real database, as an operator runs them. */
class LedgerCommandsIT extends EndToEndTest {

    @Test
    void showListsEveryServiceThatProcessedTheEventOrOnlyTheOneAsked() {
        ledgerRow("e-1", "user-service", "2 days");
        ledgerRow("e-1", "audit-service", "1 day");

        CommandRun all = run("ledger", "show", "--event-id", "e-1");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).startsWith("Event 'e-1' is in the ledger for any service:")
                .contains("service audit-service  topic user-events  processed at ")
                .contains("service user-service  topic user-events  processed at ");

        CommandRun one = run("ledger", "show", "--event-id", "e-1", "--service", "audit-service");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).contains("audit-service").doesNotContain("user-service");
    }

    @Test
    void showOfAnUnknownEventSaysSoAndExitsOne() {
        ledgerRow("e-1", "user-service", "1 day");

        CommandRun unknown = run("ledger", "show", "--event-id", "e-1' OR '1'='1");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.out()).isEqualTo("Event 'e-1' OR '1'='1' is not in the ledger for any service: it has not been "
                + "processed, or retention has purged its row.\n");
    }

    @Test
    void duplicatesFindsNoneWhileTheUniqueKeyHoldsAndReportsThemWithExitOneWhenItIsLost() {
        ledgerRow("e-1", "user-service", "1 day");
        CommandRun none = run("ledger", "duplicates");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEqualTo("No duplicates: every event is in the ledger at most once per service.\n");

        db.execute("ALTER TABLE processed_events DROP CONSTRAINT unique_event_per_service");
        try {
            ledgerRow("e-1", "user-service", "1 hour");
            ledgerRow("e-1", "user-service", "1 minute");
            CommandRun some = run("ledger", "duplicates");
            assertThat(some.exitCode()).isEqualTo(1);
            assertThat(some.out()).startsWith("1 event(s) are in the ledger more than once for one service")
                    .contains("  event e-1  service user-service  3 rows");
        } finally {
            db.execute("TRUNCATE processed_events");
            db.execute("ALTER TABLE processed_events ADD CONSTRAINT unique_event_per_service UNIQUE (event_id, service_name)");
        }
    }

    @Test
    void forgetRemovesTheRowAndRecordsWhoWhenWhyAndWhatInOneStep() {
        ledgerRow("e-1", "user-service", "3 days");
        ledgerRow("e-1", "audit-service", "3 days");
        String removedRow = db.query("""
                SELECT id || '|' || topic || '|' || processed_at FROM processed_events
                WHERE event_id = 'e-1' AND service_name = 'user-service'""").get(0);

        CommandRun dryRun = run("ledger", "forget", "--event-id", "e-1", "--service", "user-service",
                "--reason", "welcome mail lost", "--dry-run");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).startsWith("Dry run: would forget event 'e-1' of service 'user-service' (row ")
                .endsWith("Nothing was changed.\n");
        assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM forgotten_events")).isZero();

        CommandRun forget = run("ledger", "forget", "--event-id", "e-1", "--service", "user-service",
                "--reason", "welcome mail lost", "--operator", "alice");
        assertThat(forget.exitCode()).isZero();
        assertThat(forget.out()).startsWith("Forgot event 'e-1' of service 'user-service' (row ")
                .contains("Recorded in forgotten_events: by alice, because: welcome mail lost");
        assertThat(db.query("SELECT service_name FROM processed_events WHERE event_id = 'e-1'")).containsExactly("audit-service");
        assertThat(db.query("""
                SELECT ledger_id || '|' || topic || '|' || processed_at || '|' || event_id || '|' || service_name
                       || '|' || forgotten_by || '|' || reason || '|' || (now() - forgotten_at < interval '1 minute')
                FROM forgotten_events"""))
                .containsExactly(removedRow + "|e-1|user-service|alice|welcome mail lost|true");
    }

    @Test
    void forgetOfARowThatIsNotThereExitsOneAndRecordsNothing() {
        ledgerRow("e-1", "audit-service", "1 day");

        CommandRun forget = run("ledger", "forget", "--event-id", "e-1", "--service", "user-service", "--reason", "retry");

        assertThat(forget.exitCode()).isEqualTo(1);
        assertThat(forget.out()).isEqualTo("Event 'e-1' is not in the ledger for service 'user-service': nothing to forget.\n");
        assertThat(db.count("SELECT count(*) FROM forgotten_events")).isZero();
    }

    @Test
    void theOperatorIsTheOsUserUnlessConfigured() {
        ledgerRow("e-1", "user-service", "1 day");
        ledgerRow("e-2", "user-service", "1 day");

        assertThat(run("ledger", "forget", "--event-id", "e-1", "--service", "user-service", "--reason", "r").exitCode()).isZero();
        Map<String, String> withOperator = new HashMap<>(environment());
        withOperator.put("OPERATOR", "on-call-bot");
        assertThat(CommandRun.of(withOperator, "ledger", "forget", "--event-id", "e-2", "--service", "user-service",
                "--reason", "r").exitCode()).isZero();

        assertThat(db.query("SELECT forgotten_by FROM forgotten_events ORDER BY event_id"))
                .containsExactly(System.getProperty("user.name"), "on-call-bot");
    }

    @Test
    void purgeDeletesOnlyRowsOlderThanTheRetentionInBatchesAndADryRunOnlyCounts() {
        db.execute("""
                INSERT INTO processed_events (event_id, service_name, topic, processed_at)
                SELECT 'old-' || g, 'user-service', 'user-events', now() - interval '40 days' - g * interval '1 second'
                FROM generate_series(1, 2500) AS g""");
        db.execute("""
                INSERT INTO processed_events (event_id, service_name, topic, processed_at)
                SELECT 'recent-' || g, 'user-service', 'user-events', now() - interval '29 days' + g * interval '1 second'
                FROM generate_series(1, 300) AS g""");
        db.execute("""
                INSERT INTO outbox_emails (message_id, event_id, sender, recipient, subject, body, status, sent_at)
                SELECT '<welcome.' || g || '@example.com>', 'e-' || g, 'welcome@example.com', 'u' || g || '@example.org',
                       'Welcome aboard', 'Hello', 'sent', now() - g * interval '20 days'
                FROM generate_series(1, 3) AS g""");

        CommandRun dryRun = run("ledger", "purge", "--older-than", "30d", "--dry-run");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).matches("Dry run: 2500 ledger rows of service 'user-service' were processed and 2 outbox "
                + "messages sent before \\S+; nothing was deleted.\n");
        assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(2800);

        CommandRun purge = run("ledger", "purge", "--older-than", "30d", "--batch-size", "1000");
        assertThat(purge.exitCode()).isZero();
        // 3 batches of the ledger's rows, then one for each outbox (e-mails, events).
        assertThat(purge.out()).matches("Purged 2500 ledger rows of service 'user-service' processed and 2 outbox messages "
                + "sent before \\S+ in 5 batch\\(es\\) of at most 1000, in \\d+ ms \\(\\d+ rows/s\\).\n");
        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id LIKE 'recent-%'")).isEqualTo(300);
        assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(300);
        assertThat(db.query("SELECT event_id FROM outbox_emails")).containsExactly("e-1");
    }

    @Test
    void purgeDeletesOnlyTheRowsOfServiceNameAndAllServicesOnlyWhenAskedFor() {
        ledgerRow("e-1", "user-service", "40 days");
        ledgerRow("e-1", "audit-service", "40 days");
        ledgerRow("e-2", "audit-service", "40 days");
        Map<String, String> audit = new HashMap<>(environment());
        audit.put("SERVICE_NAME", "audit-service");

        CommandRun user = run("ledger", "purge", "--older-than", "30d");
        assertThat(user.exitCode()).as(user.err()).isZero();
        assertThat(user.out()).startsWith("Purged 1 ledger rows of service 'user-service' processed");
        assertThat(db.query("SELECT service_name || ' ' || event_id FROM processed_events ORDER BY 1"))
                .containsExactly("audit-service e-1", "audit-service e-2");

        CommandRun both = CommandRun.of(audit, "ledger", "purge", "--older-than", "30d", "--all-services", "--service",
                "audit-service");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("ALL_SERVICES (or --all-services) is invalid: it purges every service's rows; "
                + "leave out --service-name (or --service)");

        ledgerRow("e-3", "user-service", "40 days");
        CommandRun all = CommandRun.of(audit, "ledger", "purge", "--older-than", "30d", "--all-services");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).startsWith("Purged 3 ledger rows of all services processed");
        assertThat(db.count("SELECT count(*) FROM processed_events")).isZero();
    }

    @Test
    void purgeSkipsWhileAnotherPurgeHoldsTheLockAndWorksOnceItIsReleased() {
        ledgerRow("old", "user-service", "40 days");
        PurgeLock otherInstance = new PostgresPurgeLock(TestPostgres.server().withSchema(db.schema()));

        try (PurgeLock.Held held = otherInstance.tryAcquire(Optional.of(new ServiceName("user-service"))).orElseThrow()) {
            CommandRun skipped = run("ledger", "purge", "--older-than", "30d");
            assertThat(skipped.exitCode()).isEqualTo(4);
            assertThat(skipped.out()).startsWith("Another purge of these rows holds the lock on this ledger; nothing was "
                    + "deleted.");
            assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(1);
        }

        assertThat(run("ledger", "purge", "--older-than", "30d").exitCode()).isZero();
        assertThat(db.count("SELECT count(*) FROM processed_events")).isZero();
    }

    @Test
    void anUnreachableDatabaseIsAPlainMessageAndExitCodeThree() {
        Map<String, String> nowhere = new HashMap<>(environment());
        nowhere.put("DB_URL", "jdbc:postgresql://127.0.0.1:1/postgres?password=hunter2");

        for (List<String> command : List.of(List.of("ledger", "show", "--event-id", "e-1"), List.of("ledger", "duplicates"),
                List.of("ledger", "purge", "--older-than", "30d"))) {
            CommandRun unreachable = CommandRun.of(nowhere, command.toArray(String[]::new));
            assertThat(unreachable.exitCode()).as("%s", command).isEqualTo(3);
            assertThat(unreachable.err()).as("%s", command)
                    .startsWith("no PostgreSQL answered at jdbc:postgresql://127.0.0.1:1/postgres?password=**** as user '")
                    .contains("Check that PostgreSQL runs, and DB_URL (--db-url)")
                    .doesNotContain("hunter2", "Exception", "\tat ");
        }
    }

    @Test
    void aSchemaWithoutALedgerIsReportedAndNotCreated() {
        Map<String, String> typo = new HashMap<>(environment());
        typo.put("DB_SCHEMA", db.schema() + "_typo");

        CommandRun show = CommandRun.of(typo, "ledger", "show", "--event-id", "e-1");

        assertThat(show.exitCode()).isEqualTo(3);
        assertThat(show.err()).startsWith("schema '" + db.schema() + "_typo' at ").contains("holds no processed_events table");
        assertThat(db.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", db.schema() + "_typo"))
                .isZero();
    }

    private static void ledgerRow(String eventId, String service, String age) {
        db.execute("INSERT INTO processed_events (event_id, service_name, topic, processed_at) VALUES ('"
                + eventId.replace("'", "''") + "', '" + service + "', 'user-events', now() - interval '" + age + "')");
    }

    private static CommandRun run(String... arguments) {
        return CommandRun.of(environment(), arguments);
    }

    static Map<String, String> environment() {
        PostgresSettings server = TestPostgres.server();
        return Map.of("DB_URL", server.jdbcUrl(), "DB_USER", server.user(), "DB_PASSWORD", server.password(),
                "DB_SCHEMA", db.schema());
    }
}
