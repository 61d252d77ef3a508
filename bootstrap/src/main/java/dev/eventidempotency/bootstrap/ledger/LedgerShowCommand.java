package dev.eventidempotency.bootstrap.ledger;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.require;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The note's troubleshooting lookup: has this event been processed, by which service, when? */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Shows the ledger rows of an event: which services processed it, from which topic, and when.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:the event is in the ledger", "1:it is not (or any other failure)", "2:usage error",
                "3:the database cannot be used"})
final class LedgerShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--event-id", paramLabel = "ID", description = "The event's id, verbatim. Env: EVENT_ID.")
    String eventId;

    @Option(names = "--service", paramLabel = "NAME",
            description = "Only this service's row. Env: SERVICE. Default: every service.")
    String service;

    @Override
    public Integer call() {
        EventId id = parse("--event-id", require(eventId, "--event-id", "the id of the event to look up"), EventId::new);
        Optional<ServiceName> onlyService = Optional.ofNullable(service).map(name -> parse("--service", name, ServiceName::new));
        List<LedgerEntry> entries;
        try (PostgresDatabase db = database.open()) {
            entries = CompositionRoot.ledgerQueries(db).show(id, onlyService);
        }
        PrintWriter out = spec.commandLine().getOut();
        String scope = onlyService.map(name -> "service '" + name + "'").orElse("any service");
        if (entries.isEmpty()) {
            out.printf("Event '%s' is not in the ledger for %s: it has not been processed, or retention has purged its row.%n",
                    id, scope);
            return ExitCodes.NOT_FOUND;
        }
        out.printf("Event '%s' is in the ledger for %s:%n", id, scope);
        entries.forEach(entry -> out.printf("  service %s  topic %s  processed at %s  (row %d)%n",
                entry.serviceName(), entry.topic(), entry.processedAt(), entry.id()));
        return ExitCodes.OK;
    }
}
