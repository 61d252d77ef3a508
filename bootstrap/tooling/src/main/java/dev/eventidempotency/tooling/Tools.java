package dev.eventidempotency.tooling;

import dev.eventidempotency.bootstrap.Main;
import dev.eventidempotency.tooling.benchmark.BenchmarkCommand;
import dev.eventidempotency.tooling.demo.DemoCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code java -jar event-idempotency-tooling.jar <command>}: the demo and the benchmark, which start
 * their own Kafka broker and mail server. They run the production wiring of module bootstrap, but
 * ship apart from it, so the service's jar holds no local server and no benchmark code.
 */
@Command(name = "event-idempotency-tooling", mixinStandardHelpOptions = true, version = "event-idempotency 0.1.0",
        subcommands = {DemoCommand.class, BenchmarkCommand.class, CommandLine.HelpCommand.class},
        description = "The demo and the benchmark of event-idempotency, on local servers they start.")
public final class Tools {

    public static void main(String[] args) {
        System.exit(Main.commandLine(new Tools(), System.getenv()).execute(args));
    }
}
