package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import org.junit.jupiter.api.Test;

/** outbox show and retry on the real database, as an operator runs them. */
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

        CommandRun retry = run("outbox", "retry", "--message-id", "<welcome.3@example.com>");
        CommandRun sent = run("outbox", "retry", "--message-id", "<welcome.1@example.com>");
        CommandRun malformed = run("outbox", "retry", "--message-id", "welcome.3");

        assertThat(retry.exitCode()).isZero();
        assertThat(db.query("SELECT status || ' ' || failed_attempts FROM outbox_emails WHERE event_id = 'e-3'"))
                .containsExactly("pending 0");
        assertThat(sent.exitCode()).isEqualTo(1);
        assertThat(sent.err()).contains("No parked e-mail has the Message-ID <welcome.1@example.com>");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--message-id", "<left@domain>");
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

    private static CommandRun run(String... arguments) {
        return CommandRun.of(LedgerCommandsIT.environment(), arguments);
    }
}
