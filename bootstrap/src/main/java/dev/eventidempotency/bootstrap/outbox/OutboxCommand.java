package dev.eventidempotency.bootstrap.outbox;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code outbox <subcommand>}: the operator's view of the e-mails waiting in {@code outbox_emails}. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        subcommands = {OutboxShowCommand.class, OutboxRetryCommand.class},
        description = {"Shows the e-mail outbox of a service's schema and sends parked e-mails again.",
                "Every option can also be set by the environment variable named after it."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:show: no e-mail is parked; retry: the e-mail is due again",
                "1:show: some e-mails are parked; retry: no parked e-mail has that Message-ID; any other failure",
                "2:usage error: a missing or malformed option",
                "3:PostgreSQL does not answer, refuses the login, or the schema holds no ledger"})
public final class OutboxCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a subcommand: show or retry");
    }
}
