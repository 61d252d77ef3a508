package dev.eventidempotency.bootstrap.outbox;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code outbox <subcommand>}: the operator's view of the e-mails or events waiting in an outbox. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        subcommands = {OutboxShowCommand.class, OutboxRetryCommand.class},
        description = {"Shows an outbox of a service's schema, e-mails or events, and sends parked messages again.",
                "Every option can also be set by the environment variable named after it."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:show: no message is parked; retry: the message is due again",
                "1:show: some messages are parked; retry: no parked message has that id; any other failure",
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
