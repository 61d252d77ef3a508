package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.BatchGathering;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresFailureClassifier;
import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.user.MyBatisRegistrationCounter;
import dev.eventidempotency.adapter.postgres.user.MyBatisUserRepository;
import dev.eventidempotency.application.idempotency.IdempotentBatchProcessor;
import dev.eventidempotency.application.idempotency.IdempotentEventProcessor;
import dev.eventidempotency.application.idempotency.KeyOrderedPerEventProcessor;
import dev.eventidempotency.application.idempotency.PerEventProcessor;
import dev.eventidempotency.application.idempotency.TrialRun;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.user.UserCreatedHandler;
import dev.eventidempotency.application.user.UserRegisteredEvents;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One way of consuming the same records, with the poll size it runs at. Each flow runs through the
 * production listener, so offsets are committed once per poll: with a poll of one record, the
 * note's flow also commits once per message, as the note does.
 */
record Flow(String id, String label, Kind kind, int batchSize, Tracing tracing, int keyConcurrency, BatchGathering gathering) {

    enum Kind { CHECK_THEN_ACT, CLAIM_FIRST_PER_EVENT, CLAIM_FIRST_BY_KEY, BATCH, NO_LEDGER }

    /** How the flow is traced: see {@link FlowTracing}. */
    enum Tracing { NOT_WIRED, OFF, ON }

    /** Every flow queues the sample's welcome e-mails, as the service does; the benchmark relays none. */
    private static final WelcomeEmails WELCOME_EMAILS = new WelcomeEmails(new EmailAddress(MailOptions.DEFAULT_SENDER));

    static Flow checkThenAct() {
        return new Flow("a-note", "(a) note: check-then-act, per event", Kind.CHECK_THEN_ACT, 1, Tracing.NOT_WIRED, 1,
                BatchGathering.OFF);
    }

    static Flow claimFirstPerEvent(int pollSize) {
        return new Flow("b-per-event", "(b) claim-first, per event", Kind.CLAIM_FIRST_PER_EVENT, pollSize,
                Tracing.NOT_WIRED, 1, BatchGathering.OFF);
    }

    /** Per-event mode with {@code KEY_CONCURRENCY} lanes, over records keyed by a Zipf spread ({@link ZipfKeys}). */
    static Flow claimFirstByKey(int pollSize, int keyConcurrency) {
        return new Flow("g-by-key-" + keyConcurrency, "(g) claim-first, per event, " + keyConcurrency + " keys at once",
                Kind.CLAIM_FIRST_BY_KEY, pollSize, Tracing.NOT_WIRED, keyConcurrency, BatchGathering.OFF);
    }

    static Flow batch(int batchSize) {
        return new Flow("c-batch-" + batchSize, "(c) batch of up to " + batchSize, Kind.BATCH, batchSize, Tracing.NOT_WIRED, 1,
                BatchGathering.OFF);
    }

    static Flow noLedger(int batchSize) {
        return new Flow("d-no-ledger", "(d) no ledger (at-least-once), batch " + batchSize, Kind.NO_LEDGER, batchSize,
                Tracing.NOT_WIRED, 1, BatchGathering.OFF);
    }

    /** Batch mode wired as the service is, its OpenTelemetry the API's no-op (no exporter set) or the SDK. */
    static Flow traced(int batchSize, boolean on) {
        String state = on ? "on" : "off";
        return new Flow("e-tracing-" + state, "(e) batch " + batchSize + ", tracing " + state + (on ? " (SDK)" : " (no-op)"),
                Kind.BATCH, batchSize, on ? Tracing.ON : Tracing.OFF, 1, BatchGathering.OFF);
    }

    /** Batch mode over a trickle of records ({@link TricklePublisher}), its polls' records gathered for up to {@code wait}. */
    static Flow trickle(int batchSize, int perSecond, Duration wait) {
        String gathering = wait.isZero() ? "not gathered" : "gathered " + wait.toMillis() + " ms";
        return new Flow("i-trickle-" + wait.toMillis() + "ms", "(i) trickle of " + perSecond + "/s, " + gathering, Kind.BATCH,
                batchSize, Tracing.NOT_WIRED, 1, wait.isZero() ? BatchGathering.OFF : new BatchGathering(batchSize, wait));
    }

    /** The letter that names the flow in the tables and in {@code --benchmark-flows}. */
    String letter() {
        return id.substring(0, 1);
    }

    boolean exactlyOnce() {
        return kind != Kind.NO_LEDGER;
    }

    /** {@code lanes}: {@link #keyConcurrency()} threads, for the flow by key. */
    ProcessEventBatchUseCase<UserCreated> useCase(ServiceName service, PostgresDatabase database, UnitOfWork unitOfWork,
            Executor lanes) {
        UserCreatedHandler handler = new UserCreatedHandler(new MyBatisUserRepository(), new MyBatisRegistrationCounter(),
                new MyBatisEmailOutbox(), WELCOME_EMAILS, new MyBatisEventOutbox(),
                new UserRegisteredEvents(CompositionRoot.USER_REGISTERED_TOPIC));
        MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();
        PostgresFailureClassifier failures = new PostgresFailureClassifier();
        return switch (kind) {
            case CHECK_THEN_ACT -> new PerEventProcessor<>(new CheckThenActProcessor<>(database.dataSource(), service,
                    new IdempotentEventProcessor<>(service, unitOfWork, ledger, handler)), failures,
                    new TrialRun<>(service, unitOfWork, ledger, handler));
            case CLAIM_FIRST_PER_EVENT ->
                    PerEventProcessor.claimingFirst(service, unitOfWork, ledger, handler, failures);
            case CLAIM_FIRST_BY_KEY -> KeyOrderedPerEventProcessor.claimingFirst(service, unitOfWork, ledger, handler,
                    failures, lanes, Duration.ofMinutes(1));
            case BATCH -> new IdempotentBatchProcessor<>(service, unitOfWork, ledger, handler, failures);
            case NO_LEDGER -> new NoLedgerProcessor(unitOfWork, handler);
        };
    }
}
