package dev.eventidempotency.bootstrap;

import dev.eventidempotency.bootstrap.config.EnvironmentDefaults;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.ledger.LedgerCommand;
import dev.eventidempotency.bootstrap.ledger.ReplayCommand;
import dev.eventidempotency.bootstrap.outbox.OutboxCommand;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar event-idempotency.jar <command>}: the one entry point of the runnable jar. */
@Command(name = "event-idempotency", mixinStandardHelpOptions = true, version = "event-idempotency 0.1.0",
        subcommands = {RunCommand.class, LedgerCommand.class, OutboxCommand.class, ReplayCommand.class,
                CommandLine.HelpCommand.class},
        description = "Exactly-once effects of a Kafka consumer in PostgreSQL.")
public final class Main {

    /** Exit code for a wrong flag or variable, as for picocli's own usage errors. */
    static final int INVALID_SETTING = 2;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(new Main(), environment);
    }

    /**
     * {@code root} as every command line of this service runs: defaults from the environment, help
     * text that wraps, a wrong setting answered with exit code 2. The demo and benchmark jar uses it too.
     */
    public static CommandLine commandLine(Object root, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        UsageHelp.install(commandLine);
        commandLine.setExecutionExceptionHandler((failure, command, parseResult) -> {
            if (failure instanceof InvalidSettingException invalid) {
                command.getErr().println(invalid.getMessage());
                command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
                return INVALID_SETTING;
            }
            if (failure instanceof CommandFailedException failed) {
                LoggerFactory.getLogger(Main.class).debug("{} failed", command.getCommandSpec().qualifiedName(), failure);
                command.getErr().println(failed.getMessage());
                return failed.exitCode();
            }
            LoggerFactory.getLogger(Main.class).error("{} failed", command.getCommandSpec().qualifiedName(), failure);
            command.getErr().println(command.getCommandSpec().qualifiedName() + " failed: " + failure.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }
}
