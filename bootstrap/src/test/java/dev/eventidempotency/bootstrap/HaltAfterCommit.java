package dev.eventidempotency.bootstrap;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The service as {@code run} wires it, configured by the same environment, except that the JVM
 * halts right after the {@code HALT_AFTER_UNITS}-th use-case call that committed effects: the
 * database transaction is committed, the Kafka offset is not. {@code halt} runs no shutdown hook,
 * so nothing is committed or closed, exactly as in a crash at that point. A test-only main class:
 * production code has no hook for it.
 */
public final class HaltAfterCommit {

    /** The exit code that tells the test the halt happened where it was meant to. */
    public static final int HALTED = 86;

    private static final Logger LOG = LoggerFactory.getLogger(HaltAfterCommit.class);

    private HaltAfterCommit() {
    }

    public static void main(String[] arguments) {
        int haltAfter = Integer.parseInt(System.getenv("HALT_AFTER_UNITS"));
        CommandLine commandLine = Main.commandLine(System.getenv());
        commandLine.parseArgs("run");
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        ServiceSettings settings = run.options.settings(run.dbSchema);
        try (CompositionRoot service = CompositionRoot.wire(settings, RunningService.sampleHandler(),
                useCase -> haltingAfter(haltAfter, useCase))) {
            service.run();
        }
    }

    private static ProcessEventBatchUseCase<UserCreated> haltingAfter(int units, ProcessEventBatchUseCase<UserCreated> useCase) {
        AtomicInteger committed = new AtomicInteger();
        return events -> {
            BatchOutcome outcome = useCase.process(events);
            if (outcome.processed() > 0 && committed.incrementAndGet() == units) {
                LOG.info("Halting after unit of work {}: its effects are committed, its offsets are not", units);
                Runtime.getRuntime().halt(HALTED);
            }
            return outcome;
        };
    }
}
