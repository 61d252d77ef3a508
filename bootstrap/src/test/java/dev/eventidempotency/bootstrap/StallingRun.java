package dev.eventidempotency.bootstrap;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.UserCreated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * {@code run} as the jar runs it (settings from the environment, the shutdown hook, the health
 * endpoints), with a handler that stalls on the test's word: every batch waits {@code HANDLER_PAUSE_MS}
 * per event, and waits on while the file {@code HANDLER_BLOCK_FILE} exists. A test-only main class:
 * production code has no hook for it.
 */
public final class StallingRun {

    private StallingRun() {
    }

    public static void main(String[] arguments) throws InterruptedException {
        CommandLine commandLine = Main.commandLine(System.getenv());
        commandLine.parseArgs("run");
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        Duration pause = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("HANDLER_PAUSE_MS", "0")));
        Optional<Path> blockFile = Optional.ofNullable(System.getenv("HANDLER_BLOCK_FILE")).map(Path::of);
        System.exit(run.runWith(mail -> new Stalling(RunningService.sampleHandler(), pause, blockFile)));
    }

    private record Stalling(EventHandler<UserCreated> sample, Duration pause, Optional<Path> blockFile)
            implements EventHandler<UserCreated> {

        @Override
        public void handle(Transaction transaction, IncomingEvent<UserCreated> event) {
            handleAll(transaction, List.of(event));
        }

        @Override
        public void handleAll(Transaction transaction, List<IncomingEvent<UserCreated>> events) {
            sample.handleAll(transaction, events);
            try {
                Thread.sleep(pause.multipliedBy(events.size()).toMillis());
                while (blockFile.isPresent() && Files.exists(blockFile.get())) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
    }
}
