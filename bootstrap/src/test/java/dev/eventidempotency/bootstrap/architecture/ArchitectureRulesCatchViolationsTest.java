package dev.eventidempotency.bootstrap.architecture;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.archfixture.adaptersindependent.adapter.kafka.ShortcutListener;
import dev.eventidempotency.archfixture.adaptersindependent.adapter.postgres.PostgresWriter;
import dev.eventidempotency.archfixture.adaptersonlyinbootstrap.adapter.postgres.PostgresRepository;
import dev.eventidempotency.archfixture.adaptersonlyinbootstrap.application.LeakyUseCase;
import dev.eventidempotency.archfixture.applicationallowlist.application.RegistrationReport;
import dev.eventidempotency.archfixture.bootstrapuntouched.adapter.kafka.SettingsAwareListener;
import dev.eventidempotency.archfixture.bootstrapuntouched.bootstrap.Settings;
import dev.eventidempotency.archfixture.domainallowlist.domain.LeakyEntity;
import dev.eventidempotency.archfixture.emailsentoutsiderelay.application.user.EagerWelcomeHandler;
import dev.eventidempotency.archfixture.forgedtransaction.adapter.postgres.Forger;
import dev.eventidempotency.archfixture.forgedtransaction.adapter.postgres.InMemoryTransaction;
import dev.eventidempotency.archfixture.handlerbymethodreference.bootstrap.HandlerShortcut;
import dev.eventidempotency.archfixture.handlercreatestransaction.application.user.DetachedTransaction;
import dev.eventidempotency.archfixture.handlercreatestransaction.application.user.SelfServedHandler;
import dev.eventidempotency.archfixture.handleropensunitofwork.application.user.AuditTrail;
import dev.eventidempotency.archfixture.handleropensunitofwork.application.user.AuditedHandler;
import dev.eventidempotency.archfixture.kafkaadapter.adapter.kafka.SneakyListener;
import dev.eventidempotency.archfixture.ledgermaintenance.bootstrap.RemovalShortcut;
import dev.eventidempotency.archfixture.ledgeroutsideunitofwork.bootstrap.ClaimShortcut;
import dev.eventidempotency.archfixture.polymorphictyping.adapter.kafka.TypedDecoder;
import dev.eventidempotency.archfixture.processorwithoutledger.application.idempotency.LedgerlessProcessor;
import dev.eventidempotency.archfixture.transactionbyconstructorreference.adapter.postgres.SuppliedTransaction;
import dev.eventidempotency.archfixture.transactionbyconstructorreference.adapter.postgres.SupplierForger;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.util.Arrays;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * A rule that cannot fail would pass on the production code for the wrong reason, so each rule runs
 * here against its own archfixture package, which breaks it exactly once. Where a rule has
 * exceptions, the fixture also holds a class that uses each one: "exactly one violation" then proves
 * that the exception is honoured as well as that the violation is caught.
 */
class ArchitectureRulesCatchViolationsTest {

    private static final String FIXTURES = "dev.eventidempotency.archfixture.";

    @Test
    void domainAllowListReportsALoggingFrameworkInTheDomain() {
        assertOnlyViolation(ArchitectureRules::domainDependsOnlyOnDomainAndJava, "domainallowlist",
                "Method " + method(LeakyEntity.class, "describeTo", Logger.class)
                        + " has parameter of type " + type(Logger.class));
    }

    @Test
    void applicationAllowListReportsJavaxButNotTheDomain() {
        assertOnlyViolation(ArchitectureRules::applicationDependsOnlyOnApplicationDomainAndJava, "applicationallowlist",
                "Method " + method(RegistrationReport.class, "registrationsIn", DataSource.class)
                        + " has parameter of type " + type(DataSource.class));
    }

    @Test
    void adapterIndependenceReportsTheKafkaAdapterUsingThePostgresAdapter() {
        assertOnlyViolation(ArchitectureRules::adaptersDoNotDependOnEachOther, "adaptersindependent",
                "Slice kafka depends on Slice postgres",
                "Method " + method(ShortcutListener.class, "writeThrough", PostgresWriter.class)
                        + " has parameter of type " + type(PostgresWriter.class));
    }

    @Test
    void adapterRuleReportsAUseCaseTakingAnAdapterButNotTheWiringThatCreatesIt() {
        assertOnlyViolation(ArchitectureRules::onlyBootstrapDependsOnAdapters, "adaptersonlyinbootstrap",
                "Method " + method(LeakyUseCase.class, "storeWith", PostgresRepository.class)
                        + " has parameter of type " + type(PostgresRepository.class));
    }

    @Test
    void bootstrapRuleReportsAnAdapterReadingBootstrapSettingsButNotBootstrapUsingItsOwnPackages() {
        assertOnlyViolation(ArchitectureRules::nothingDependsOnBootstrap, "bootstrapuntouched",
                "Method " + method(SettingsAwareListener.class, "configure", Settings.class)
                        + " has parameter of type " + type(Settings.class));
    }

    @Test
    void kafkaAdapterRuleReportsAListenerHoldingTheLedgerButNotOneCallingTheUseCase() {
        assertOnlyViolation(ArchitectureRules::kafkaAdapterGoesThroughTheUseCase, "kafkaadapter",
                "Method " + method(SneakyListener.class, "useLedger", ProcessedEventLedger.class)
                        + " has parameter of type " + type(ProcessedEventLedger.class));
    }

    @Test
    void claimRuleReportsAClaimOutsideTheUseCasesButNotTheUseCaseOrALedgerCallingItself() {
        assertOnlyViolation(ArchitectureRules::onlyTheIdempotencyUseCasesClaimEvents, "ledgeroutsideunitofwork",
                "Method " + method(ClaimShortcut.class, "claimIn",
                        Transaction.class, ProcessedEventLedger.class, EventClaim.class)
                        + " calls method " + method(ProcessedEventLedger.class, "claim", Transaction.class, EventClaim.class));
    }

    @Test
    void handlerCallRuleReportsAHandlerReachedThroughAMethodReferenceButNotTheNamedTimingDecorator() {
        assertOnlyViolation(ArchitectureRules::handlersAreCalledOnlyByTheIdempotencyUseCases, "handlerbymethodreference",
                "Method " + method(HandlerShortcut.class, "handlerOutsideTheUnitOfWork", EventHandler.class)
                        + " references method " + method(EventHandler.class, "handle", Transaction.class, IncomingEvent.class));
    }

    @Test
    void handlerRuleReportsAUnitOfWorkReachedThroughAClassTheHandlerUsesButNotOneNoHandlerUses() {
        assertOnlyViolation(ArchitectureRules::handlersNeverOpenAUnitOfWork, "handleropensunitofwork",
                "Class " + type(AuditedHandler.class) + " reaches ",
                "Method " + method(AuditTrail.class, "recordApart", UnitOfWork.class)
                        + " has parameter of type " + type(UnitOfWork.class));
    }

    @Test
    void handlerRuleReportsAHandlerCreatingItsOwnTransaction() {
        assertOnlyViolation(ArchitectureRules::handlersNeverOpenAUnitOfWork, "handlercreatestransaction",
                "Class " + type(SelfServedHandler.class) + " reaches ",
                "Method " + method(SelfServedHandler.class, "ownTransaction")
                        + " calls constructor " + method(DetachedTransaction.class, "<init>"));
    }

    @Test
    void processorRuleReportsAProcessorWithoutALedgerButNotAClaimingOneOrADelegate() {
        assertOnlyViolation(ArchitectureRules::everyEventProcessorClaimsInAUnitOfWork, "processorwithoutledger",
                "Class " + type(LedgerlessProcessor.class) + " calls neither both ProcessedEventLedger and UnitOfWork");
    }

    @Test
    void ledgerMaintenanceRuleReportsARemovalOutsideTheLedgerUseCasesButNotTheAuditedOne() {
        assertOnlyViolation(ArchitectureRules::ledgerRowsAreRemovedOnlyByTheLedgerUseCases, "ledgermaintenance",
                "Method " + method(RemovalShortcut.class, "removeWithoutAudit",
                        Transaction.class, LedgerMaintenance.class, EventId.class, ServiceName.class)
                        + " calls method " + method(LedgerMaintenance.class, "remove",
                        Transaction.class, EventId.class, ServiceName.class));
    }

    @Test
    void emailRuleReportsAHandlerSendingItselfButNotTheRelay() {
        assertOnlyViolation(ArchitectureRules::outboxMessagesAreSentOnlyByTheRelay, "emailsentoutsiderelay",
                "Method " + method(EagerWelcomeHandler.class, "welcome", OutgoingEmail.class)
                        // The port's one method is OutboxSender's, generic: M erased to Object.
                        + " calls method " + method(EmailSender.class, "send", Object.class, TraceContext.class));
    }

    @Test
    void transactionRuleReportsAForgedTransactionButNotTheNamedUnitOfWorkThatCreatesOne() {
        assertOnlyViolation(ArchitectureRules::onlyTheUnitOfWorkCreatesTransactions, "forgedtransaction",
                "Method " + method(Forger.class, "forge")
                        + " calls constructor " + method(InMemoryTransaction.class, "<init>"));
    }

    @Test
    void transactionRuleReportsATransactionCreatedThroughAConstructorReference() {
        assertOnlyViolation(ArchitectureRules::onlyTheUnitOfWorkCreatesTransactions, "transactionbyconstructorreference",
                "Method " + method(SupplierForger.class, "forgery")
                        + " references constructor " + method(SuppliedTransaction.class, "<init>"));
    }

    @Test
    void polymorphicTypingRuleReportsDefaultTypingButNotATreeRead() {
        assertOnlyViolation(ArchitectureRules::inputNeverChoosesAJavaType, "polymorphictyping",
                "Method " + method(TypedDecoder.class, "mapper") + " calls method <", ".activateDefaultTyping(");
    }

    private static void assertOnlyViolation(Function<String, ArchRule> rule, String fixture, String... expectedText) {
        String base = FIXTURES + fixture;

        var violations = rule.apply(base).evaluate(new ClassFileImporter().importPackages(base))
                .getFailureReport().getDetails();

        assertThat(violations).singleElement(STRING).contains(expectedText);
    }

    /** A code unit as ArchUnit names it in a violation: {@code <owner.name(parameter types)>}. */
    private static String method(Class<?> owner, String name, Class<?>... parameterTypes) {
        return "<" + owner.getName() + "." + name
                + Arrays.stream(parameterTypes).map(Class::getName).collect(joining(", ", "(", ")")) + ">";
    }

    private static String type(Class<?> type) {
        return "<" + type.getName() + ">";
    }
}
