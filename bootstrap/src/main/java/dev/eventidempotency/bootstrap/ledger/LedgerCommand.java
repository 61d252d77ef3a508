package dev.eventidempotency.bootstrap.ledger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledger <subcommand>}: the operator's view of {@code processed_events}, without pasting SQL. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        subcommands = {LedgerShowCommand.class, LedgerDuplicatesCommand.class, LedgerForgetCommand.class,
                LedgerPurgeCommand.class},
        description = {"Looks into and maintains the ledger (processed_events) of a service's schema.",
                "Every option can also be set by the environment variable named after it."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:done; for show, the event is in the ledger; for duplicates, none found",
                "1:show/forget: no such ledger row; duplicates: some found; any other failure",
                "2:usage error: a missing or malformed option",
                "3:PostgreSQL does not answer, refuses the login, or the schema holds no ledger",
                "4:purge: another purge of the same service (or of all services) is running"})
public final class LedgerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a subcommand: show, duplicates, forget or purge");
    }
}
