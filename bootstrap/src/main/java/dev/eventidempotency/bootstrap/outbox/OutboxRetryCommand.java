package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.ledger.ExitCodes;
import dev.eventidempotency.bootstrap.ledger.LedgerDatabaseOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Sends a parked message again, once what made its receiver refuse it is fixed. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Makes a parked message due now, with no failed attempts; the running service's relay sends it",
                "within its interval, with the same id. A parked event releases the later events of its key."})
final class OutboxRetryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Mixin
    OutboxOption outbox;

    @Option(names = "--id", paramLabel = "<ID>", required = true,
            description = "The parked message's id, as `outbox show` prints it: an e-mail's Message-ID, angle brackets "
                    + "included, or an event's id.")
    String id;

    @Override
    public Integer call() {
        return retry(outbox.outbox());
    }

    private <I> int retry(OperatedOutbox<I> operated) {
        I parsed = InvalidSettingException.parse("--id", id, operated.id());
        boolean requeued;
        try (PostgresDatabase db = database.open()) {
            requeued = db.unitOfWork().inTransaction(transaction -> operated.inspection().requeueParked(transaction, parsed));
        }
        if (!requeued) {
            spec.commandLine().getErr().printf("No parked %s has the %s %s; `outbox show` lists them.%n", operated.message(),
                    operated.idName(), parsed);
            return ExitCodes.NOT_FOUND;
        }
        spec.commandLine().getOut().printf("The %s %s is due again; the relay sends it within its interval.%n",
                operated.message(), parsed);
        return ExitCodes.OK;
    }
}
