package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.OutboxInspection;
import dev.eventidempotency.application.outbox.port.out.ParkedEmail;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.ledger.ExitCodes;
import dev.eventidempotency.bootstrap.ledger.LedgerDatabaseOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How many e-mails wait, were sent or are parked, and why the parked ones were given up on. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Counts the outbox's e-mails by state and lists the parked ones with the mail server's last answer.",
                "Exit code 1 when some are parked, so a monitor can alert on it."})
final class OutboxShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Most parked e-mails to list, oldest first. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        OutboxInspection outbox = CompositionRoot.outboxInspection();
        OutboxCounts counts;
        List<ParkedEmail> parked;
        try (PostgresDatabase db = database.open()) {
            counts = db.unitOfWork().inTransaction(outbox::counts);
            parked = db.unitOfWork().inTransaction(transaction -> outbox.parked(transaction, limit));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("E-mails: %d pending, %d sent, %d parked.%n", counts.pending(), counts.sent(), counts.parked());
        parked.forEach(email -> out.printf("  parked %s  event %s  to %s  after %d attempt(s): %s%n",
                email.id(), email.event(), email.recipient(), email.failedAttempts(), email.lastError()));
        if (counts.parked() > parked.size()) {
            out.printf("  ... and %d more (--limit)%n", counts.parked() - parked.size());
        }
        return counts.parked() == 0 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }
}
