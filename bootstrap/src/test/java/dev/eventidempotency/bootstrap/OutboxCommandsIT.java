package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import org.junit.jupiter.api.Test;

/** outbox show and retry on the real database, as an operator runs them, on either outbox. */
class OutboxCommandsIT extends EndToEndTest {

    @Test
    void showCountsTheEmailsAndListsTheParkedOnesWithTheirReason() {
        email("<welcome.1@example.com>", "e-1", "sent", null);
        email("<welcome.2@example.com>", "e-2", "pending", null);
        email("<welcome.3@example.com>", "e-3", "parked", "550 5.1.1 <u3@example.org>: no such mailbox");

        CommandRun show = run("outbox", "show");

        assertThat(show.exitCode()).as("parked e-mails are worth an alert").isEqualTo(1);
        assertThat(show.out()).isEqualTo("""
                E-mails: 1 pending, 1 sent, 1 parked.
                  parked <welcome.3@example.com>  event e-3  to u3@example.org  after 1 attempt(s): \
                550 5.1.1 <u3@example.org>: no such mailbox
                """);
    }

    @Test
    void showExitsZeroWhenNothingIsParked() {
        email("<welcome.1@example.com>", "e-1", "sent", null);

        CommandRun show = run("outbox", "show");

        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).isEqualTo("E-mails: 0 pending, 1 sent, 0 parked.\n");
    }

    @Test
    void retryMakesAParkedEmailDueAgainAndRefusesAnyOther() {
        email("<welcome.1@example.com>", "e-1", "sent", null);
        email("<welcome.3@example.com>", "e-3", "parked", "550 no such mailbox");

        CommandRun retry = run("outbox", "retry", "--id", "<welcome.3@example.com>");
        CommandRun sent = run("outbox", "retry", "--id", "<welcome.1@example.com>");
        CommandRun malformed = run("outbox", "retry", "--id", "welcome.3");

        assertThat(retry.exitCode()).isZero();
        assertThat(db.query("SELECT status || ' ' || failed_attempts FROM outbox_emails WHERE event_id = 'e-3'"))
                .containsExactly("pending 0");
        assertThat(sent.exitCode()).isEqualTo(1);
        assertThat(sent.err()).contains("No parked e-mail has the Message-ID <welcome.1@example.com>");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--id", "<left@domain>");
    }

    @Test
    void theSameCommandsShowAndRetryTheParkedEventsThatHoldTheirKeyBack() {
        event("user-registered:1", "u-1", "sent", null);
        event("user-registered:2", "u-2", "parked", "RecordTooLargeException: the record is too large");
        event("user-registered:3", "u-2", "pending", null);

        CommandRun show = run("outbox", "show", "--outbox", "events");
        CommandRun retry = run("outbox", "retry", "--outbox", "events", "--id", "user-registered:2");
        CommandRun again = run("outbox", "retry", "--outbox", "events", "--id", "user-registered:2");
        CommandRun unknown = run("outbox", "show", "--outbox", "sms");

        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.out()).isEqualTo("""
                Events: 1 pending, 1 sent, 1 parked.
                  parked user-registered:2  topic user-registered  key u-2  after 1 attempt(s): \
                RecordTooLargeException: the record is too large
                """);
        assertThat(retry.exitCode()).isZero();
        assertThat(db.query("SELECT status || ' ' || failed_attempts FROM outbox_events WHERE event_id = 'user-registered:2'"))
                .containsExactly("pending 0");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("No parked event has the event id user-registered:2");
        assertThat(run("outbox", "show", "--outbox", "events").exitCode()).isZero();
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--outbox", "expected emails or events, was sms");
    }

    private static void email(String messageId, String eventId, String status, String lastError) {
        db.execute("""
                INSERT INTO outbox_emails (message_id, event_id, sender, recipient, subject, body, status,
                                           failed_attempts, last_error, sent_at)
                VALUES ('%s', '%s', 'welcome@example.com', 'u%s@example.org', 'Welcome aboard', 'Hello', '%s',
                        %d, %s, %s)""".formatted(messageId, eventId, eventId.substring(2), status,
                lastError == null ? 0 : 1, lastError == null ? "NULL" : "'" + lastError + "'",
                status.equals("sent") ? "now()" : "NULL"));
    }

    private static void event(String eventId, String key, String status, String lastError) {
        db.execute("""
                INSERT INTO outbox_events (event_id, topic, event_key, event_type, occurred_at, payload, status,
                                           failed_attempts, last_error, sent_at)
                VALUES ('%s', 'user-registered', '%s', 'UserRegistered', now(), '{}', '%s', %d, %s, %s)""".formatted(
                eventId, key, status, lastError == null ? 0 : 1, lastError == null ? "NULL" : "'" + lastError + "'",
                status.equals("sent") ? "now()" : "NULL"));
    }

    private static CommandRun run(String... arguments) {
        return CommandRun.of(LedgerCommandsIT.environment(), arguments);
    }
}
