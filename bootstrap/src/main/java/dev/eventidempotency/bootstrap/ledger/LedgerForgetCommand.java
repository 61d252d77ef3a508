package dev.eventidempotency.bootstrap.ledger;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.require;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.application.ledger.port.in.ForgetRequest;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The note's "delete the row, then replay", as one audited step: the first half. */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Removes an event's ledger row for one service, so that a replay processes it again,",
                "and records who did it, when and why in forgotten_events (same transaction)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:forgotten (dry run: it would be)", "1:no such ledger row (or any other failure)", "2:usage error",
                "3:the database cannot be used"})
final class LedgerForgetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--event-id", paramLabel = "ID", description = "The event's id, verbatim. Env: EVENT_ID.")
    String eventId;

    @Option(names = "--service", paramLabel = "NAME", description = "The service whose row goes. Env: SERVICE.")
    String service;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit record. Env: REASON.")
    String reason;

    @Option(names = "--operator", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "Who, for the audit record. Env: OPERATOR. Default: the OS user (${DEFAULT-VALUE}).")
    String operator;

    @Option(names = "--dry-run", description = "Show the row that would be removed; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        ForgetRequest request = new ForgetRequest(
                parse("--event-id", require(eventId, "--event-id", "the id of the event to forget"), EventId::new),
                parse("--service", require(service, "--service", "the service whose ledger row is removed"),
                        ServiceName::new),
                require(operator, "--operator", "who removes the row"),
                require(reason, "--reason", "why the row is removed, for the audit record"),
                dryRun);
        Optional<LedgerEntry> row;
        try (PostgresDatabase db = database.open()) {
            row = CompositionRoot.ledgerForgetting(db).forget(request);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (row.isEmpty()) {
            out.printf("Event '%s' is not in the ledger for service '%s': nothing to forget.%n",
                    request.eventId(), request.service());
            return ExitCodes.NOT_FOUND;
        }
        LedgerEntry entry = row.get();
        String described = String.format("event '%s' of service '%s' (row %d, topic %s, processed at %s)",
                entry.eventId(), entry.serviceName(), entry.id(), entry.topic(), entry.processedAt());
        if (dryRun) {
            out.printf("Dry run: would forget %s. Nothing was changed.%n", described);
            return ExitCodes.OK;
        }
        out.printf("Forgot %s.%nRecorded in forgotten_events: by %s, because: %s%n"
                + "To process it again: stop the service, replay from a time before the event was published "
                + "(replay --from-timestamp ...), start the service.%n", described, request.operator(), request.reason());
        return ExitCodes.OK;
    }
}
