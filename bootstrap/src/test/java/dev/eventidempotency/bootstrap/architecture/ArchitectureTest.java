package dev.eventidempotency.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@link ArchitectureRules} holds for the production classes of all modules. */
class ArchitectureTest {

    private static final String BASE = "dev.eventidempotency";

    // DoNotIncludeTests only knows test-classes directories; from the local repository the
    // adapter-postgres fixtures arrive as a jar, and they are not production code either.
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .withImportOption(location -> !location.matches(TEST_JAR))
            // The fixtures break the rules on purpose: keep them out even where a build puts test
            // classes somewhere DoNotIncludeTests does not recognise.
            .withImportOption(location -> !location.contains("/dev/eventidempotency/archfixture/"))
            // The local broker's launcher is on this module's test classpath only, never in the service.
            .withImportOption(location -> !location.contains("local-kafka-broker"))
            .importPackages(BASE);

    @ParameterizedTest
    @ValueSource(strings = {"domain..", "application..", "application.idempotency", "application.ledger", "adapter.kafka..",
            "adapter.postgres..", "adapter.smtp..", "application.outbox", "bootstrap.."})
    void everyPackagePatternTheRulesNameMatchesProductionClasses(String patternBelowBase) {
        String pattern = BASE + "." + patternBelowBase;

        assertThat(PRODUCTION.that(resideInAPackage(pattern))).as("production classes in %s", pattern).isNotEmpty();
    }

    @Test
    void everyClassTheRulesExemptByNameIsAProductionClass() {
        assertThat(ArchitectureRules.classesExemptByName(BASE)).isNotEmpty().allSatisfy(name ->
                assertThat(PRODUCTION.contain(name)).as("production class %s", name).isTrue());
    }

    @ParameterizedTest
    @ValueSource(classes = {ProcessedEventLedger.class, EventHandler.class, UnitOfWork.class, Transaction.class,
            LedgerMaintenance.class, EmailSender.class, ProcessEventUseCase.class, ProcessEventBatchUseCase.class})
    void everyPortTheRulesGuardHasAProductionImplementation(Class<?> port) {
        assertThat(PRODUCTION.stream().filter(javaClass -> !javaClass.isInterface() && javaClass.isAssignableTo(port)))
                .as("production implementations of %s", port.getName())
                .isNotEmpty();
    }

    @Test
    void domainDependsOnlyOnDomainAndJava() {
        ArchitectureRules.domainDependsOnlyOnDomainAndJava(BASE).check(PRODUCTION);
    }

    @Test
    void applicationDependsOnlyOnApplicationDomainAndJava() {
        ArchitectureRules.applicationDependsOnlyOnApplicationDomainAndJava(BASE).check(PRODUCTION);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        ArchitectureRules.adaptersDoNotDependOnEachOther(BASE).check(PRODUCTION);
    }

    @Test
    void onlyBootstrapDependsOnAdapters() {
        ArchitectureRules.onlyBootstrapDependsOnAdapters(BASE).check(PRODUCTION);
    }

    @Test
    void nothingDependsOnBootstrap() {
        ArchitectureRules.nothingDependsOnBootstrap(BASE).check(PRODUCTION);
    }

    @Test
    void kafkaAdapterGoesThroughTheUseCase() {
        ArchitectureRules.kafkaAdapterGoesThroughTheUseCase(BASE).check(PRODUCTION);
    }

    @Test
    void onlyTheIdempotencyUseCasesClaimEvents() {
        ArchitectureRules.onlyTheIdempotencyUseCasesClaimEvents(BASE).check(PRODUCTION);
    }

    @Test
    void handlersAreCalledOnlyByTheIdempotencyUseCases() {
        ArchitectureRules.handlersAreCalledOnlyByTheIdempotencyUseCases(BASE).check(PRODUCTION);
    }

    @Test
    void handlersNeverOpenAUnitOfWork() {
        ArchitectureRules.handlersNeverOpenAUnitOfWork(BASE).check(PRODUCTION);
    }

    @Test
    void everyEventProcessorClaimsInAUnitOfWork() {
        ArchitectureRules.everyEventProcessorClaimsInAUnitOfWork(BASE).check(PRODUCTION);
    }

    @Test
    void ledgerRowsAreRemovedOnlyByTheLedgerUseCases() {
        ArchitectureRules.ledgerRowsAreRemovedOnlyByTheLedgerUseCases(BASE).check(PRODUCTION);
    }

    @Test
    void outboxMessagesAreSentOnlyByTheRelay() {
        ArchitectureRules.outboxMessagesAreSentOnlyByTheRelay(BASE).check(PRODUCTION);
    }

    @Test
    void onlyTheUnitOfWorkCreatesTransactions() {
        ArchitectureRules.onlyTheUnitOfWorkCreatesTransactions(BASE).check(PRODUCTION);
    }

    @Test
    void inputNeverChoosesAJavaType() {
        ArchitectureRules.inputNeverChoosesAJavaType(BASE).check(PRODUCTION);
    }
}
