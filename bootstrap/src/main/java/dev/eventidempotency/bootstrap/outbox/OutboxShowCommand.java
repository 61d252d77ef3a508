package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.ParkedMessage;
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

/** How many messages of an outbox wait, were sent or are parked, and why the parked ones were given up on. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Counts the outbox's messages by state and lists the parked ones with the receiver's last answer.",
                "Exit code 1 when some are parked, so a monitor can alert on it."})
final class OutboxShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Mixin
    OutboxOption outbox;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Most parked messages to list, oldest first. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        return show(outbox.outbox());
    }

    private <I> int show(OperatedOutbox<I> operated) {
        OutboxCounts counts;
        List<ParkedMessage<I>> parked;
        try (PostgresDatabase db = database.open()) {
            counts = db.unitOfWork().inTransaction(operated.inspection()::counts);
            parked = db.unitOfWork().inTransaction(transaction -> operated.inspection().parked(transaction, limit));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %d pending, %d sent, %d parked.%n", operated.messages(), counts.pending(), counts.sent(),
                counts.parked());
        parked.forEach(message -> out.printf("  parked %s  %s  after %d attempt(s): %s%n",
                message.id(), message.summary(), message.failedAttempts(), message.lastError()));
        if (counts.parked() > parked.size()) {
            out.printf("  ... and %d more (--limit)%n", counts.parked() - parked.size());
        }
        return counts.parked() == 0 ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }
}
