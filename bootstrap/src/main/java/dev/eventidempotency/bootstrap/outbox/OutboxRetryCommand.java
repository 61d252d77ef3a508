package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.ledger.ExitCodes;
import dev.eventidempotency.bootstrap.ledger.LedgerDatabaseOptions;
import dev.eventidempotency.domain.outbox.MessageId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Sends a parked e-mail again, once what made the mail server refuse it is fixed. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Makes a parked e-mail due now, with no failed attempts; the running service's relay sends it",
                "within its interval, with the same Message-ID."})
final class OutboxRetryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--message-id", paramLabel = "<ID@DOMAIN>", required = true,
            description = "The parked e-mail's Message-ID, as `outbox show` prints it, angle brackets included.")
    String messageId;

    @Override
    public Integer call() {
        MessageId id = InvalidSettingException.parse("--message-id", messageId, MessageId::new);
        boolean requeued;
        try (PostgresDatabase db = database.open()) {
            requeued = db.unitOfWork().inTransaction(transaction -> CompositionRoot.outboxInspection().requeueParked(transaction, id));
        }
        if (!requeued) {
            spec.commandLine().getErr().printf("No parked e-mail has the Message-ID %s; `outbox show` lists them.%n", id);
            return ExitCodes.NOT_FOUND;
        }
        spec.commandLine().getOut().printf("E-mail %s is due again; the relay sends it within its interval.%n", id);
        return ExitCodes.OK;
    }
}
