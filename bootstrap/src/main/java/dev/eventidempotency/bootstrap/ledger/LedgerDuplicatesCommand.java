package dev.eventidempotency.bootstrap.ledger;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.application.ledger.port.out.DuplicateClaim;
import dev.eventidempotency.bootstrap.CompositionRoot;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The note's monitoring query, with an exit code a monitor can alert on. */
@Command(name = "duplicates", mixinStandardHelpOptions = true,
        description = {"Lists events the ledger holds more than once for one service. With the unique key",
                "unique_event_per_service in place there are none; any means the key was lost."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:no duplicates", "1:duplicates found (or any other failure)", "2:usage error",
                "3:the database cannot be used"})
final class LedgerDuplicatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Override
    public Integer call() {
        List<DuplicateClaim> duplicates;
        try (PostgresDatabase db = database.open()) {
            duplicates = CompositionRoot.ledgerQueries(db).duplicates();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (duplicates.isEmpty()) {
            out.println("No duplicates: every event is in the ledger at most once per service.");
            return ExitCodes.OK;
        }
        out.printf("%d event(s) are in the ledger more than once for one service; "
                + "is the unique key unique_event_per_service missing?%n", duplicates.size());
        duplicates.forEach(duplicate -> out.printf("  event %s  service %s  %d rows%n",
                duplicate.eventId(), duplicate.serviceName(), duplicate.rows()));
        return ExitCodes.NOT_FOUND;
    }
}
