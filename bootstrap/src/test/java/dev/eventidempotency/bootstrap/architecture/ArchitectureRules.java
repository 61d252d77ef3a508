package dev.eventidempotency.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.ConstructorCallTarget;
import com.tngtech.archunit.core.domain.AccessTarget.ConstructorReferenceTarget;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.AccessTarget.MethodReferenceTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.application.outbox.port.out.OutboxSender;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.Arrays;
import java.util.List;

/**
 * The rings of ports and adapters, and the unit of work that the ledger and the handlers run in.
 * Each rule is built for a base package, so that {@link ArchitectureTest} runs it on the production
 * code and {@link ArchitectureRulesCatchViolationsTest} on a fixture that breaks it.
 *
 * <p>Every rule that selects classes is limited to {@code <base>..}, so what it checks does not
 * depend on how widely the caller imported.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    static ArchRule domainDependsOnlyOnDomainAndJava(String base) {
        return classes().that().resideInAPackage(base + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(base + ".domain..", "java..")
                .because("the domain is the innermost ring: a framework type in it would travel into every "
                        + "ring that uses it");
    }

    static ArchRule applicationDependsOnlyOnApplicationDomainAndJava(String base) {
        return classes().that().resideInAPackage(base + ".application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(base + ".application..", base + ".domain..", "java..")
                .because("the application reaches technology only through its out ports, so an adapter can be "
                        + "replaced without touching a use case");
    }

    static ArchRule adaptersDoNotDependOnEachOther(String base) {
        return slices().matching(base + ".adapter.(*)..")
                .should().notDependOnEachOther()
                .because("adapters meet only through the application's ports, so one can be replaced or "
                        + "deleted without the other noticing");
    }

    /*
     * Two rules rather than one: "who may use an adapter" and "who may use bootstrap" have different
     * exceptions (an adapter's own classes, and bootstrap's), and a failure should say which one broke.
     */
    static ArchRule onlyBootstrapDependsOnAdapters(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackages(base + ".adapter..", base + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(base + ".adapter..")
                .because("bootstrap is the composition root: it alone chooses the adapters, everything else "
                        + "sees ports");
    }

    static ArchRule nothingDependsOnBootstrap(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackage(base + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(base + ".bootstrap..")
                .because("bootstrap is the outermost ring: wiring and configuration must not leak back "
                        + "into the code they wire");
    }

    static ArchRule kafkaAdapterGoesThroughTheUseCase(String base) {
        return noClasses().that().resideInAPackage(base + ".adapter.kafka..")
                .should().dependOnClassesThat(assignableToAnyOf(
                        ProcessedEventLedger.class, EventHandler.class, UnitOfWork.class,
                        TransactionalWork.class, Transaction.class))
                .because("the listener must hand every event to the use case, which claims it and runs its "
                        + "handler in one unit of work; a shortcut would process events without the ledger");
    }

    static ArchRule onlyTheIdempotencyUseCasesClaimEvents(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackage(base + ".application.idempotency")
                .should().accessTargetWhere(methodOfAnyOf(ProcessedEventLedger.class))
                .because("a claim (claim, claimAll) counts only in the unit of work the use case opens for it and "
                        + "its handler's effects; a claim made anywhere else marks an event processed whose effects "
                        + "were never written with it");
    }

    /*
     * The one named exception: a decorator that the composition root wraps around the handler and the
     * use case calls in its place, so it runs inside the use case's unit of work. Named, not "any
     * EventHandler", so that no other class can pass for a handler and call one from outside.
     */
    static ArchRule handlersAreCalledOnlyByTheIdempotencyUseCases(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackage(base + ".application.idempotency")
                .and().doNotHaveFullyQualifiedName(timedEventHandler(base))
                .should().accessTargetWhere(methodOfAnyOf(EventHandler.class))
                .because("a handler's effects count only in the unit of work where the use case claimed the "
                        + "event; only the use cases call a handler, and the timing decorator they are handed "
                        + "(application.observability.TimedEventHandler), which calls it in the same transaction");
    }

    static ArchRule handlersNeverOpenAUnitOfWork(String base) {
        return classes().that().resideInAPackage(base + "..")
                .and().areAssignableTo(EventHandler.class)
                .should(new NotReachAnyClassThat(assignableTo(UnitOfWork.class).or(transactionImplementation())))
                .because("a handler runs inside the unit of work it is given and never opens a second one: its "
                        + "effects must commit or roll back with the claim, so neither it nor any class it uses "
                        + "may reach a UnitOfWork or a Transaction implementation");
    }

    static ArchRule everyEventProcessorClaimsInAUnitOfWork(String base) {
        return classes().that().resideInAPackage(base + "..")
                .and().areNotInterfaces()
                .and(assignableToAnyOf(ProcessEventUseCase.class, ProcessEventBatchUseCase.class))
                .should(new ClaimInAUnitOfWorkOrDelegate())
                .because("the promise of the inbound port is exactly-once effects: an implementation calls the "
                        + "ledger and the unit of work, or hands each event to another implementation, which is "
                        + "held to this rule in turn. No processor is left out: the benchmark's, which measure "
                        + "what the ledger costs (one has none), live in bootstrap/tooling, outside the service");
    }

    static ArchRule ledgerRowsAreRemovedOnlyByTheLedgerUseCases(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackage(base + ".application.ledger")
                .should().accessTargetWhere(methodOfAnyOf(LedgerMaintenance.class))
                .because("a row leaves the ledger only through the use cases that record a removal and purge in "
                        + "short batches; a removal elsewhere makes an event processable again without a trace");
    }

    static ArchRule outboxMessagesAreSentOnlyByTheRelay(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackage(base + ".application.outbox")
                // send alone: a sender's other methods (its factory, its lease) are the composition root's to call.
                .should().accessTargetWhere(methodOfAnyOf(OutboxSender.class)
                        .and(DescribedPredicate.describe("the method is send", access -> access.getName().equals("send"))))
                .because("an e-mail or event sent inside a unit of work is not rolled back with it: a handler records "
                        + "it in an outbox, and only the relay sends what a committed transaction recorded");
    }

    static ArchRule inputNeverChoosesAJavaType(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .should().callMethodWhere(target(nameStartingWith("activateDefaultTyping"))
                        .or(target(nameStartingWith("enableDefaultTyping"))))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.annotation.JsonTypeInfo")
                .because("with polymorphic typing a record names the class Jackson instantiates, the path of the "
                        + "known deserialization gadget attacks; events are read as trees (docs/security.md)");
    }

    /*
     * Named, not "any UnitOfWork": MyBatisUnitOfWork is the one production unit of work, and a class
     * that merely declared the interface could otherwise create transactions.
     */
    static ArchRule onlyTheUnitOfWorkCreatesTransactions(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .and().doNotHaveFullyQualifiedName(myBatisUnitOfWork(base))
                .should().accessTargetWhere(constructorOf(Transaction.class))
                .because("a transaction is the proof that a unit of work is open; one created anywhere but in "
                        + "adapter.postgres.MyBatisUnitOfWork would let ledger and repository calls run outside it");
    }

    /** The classes the rules name as exceptions, so that {@link ArchitectureTest} can check they exist. */
    static List<String> classesExemptByName(String base) {
        return List.of(timedEventHandler(base), myBatisUnitOfWork(base));
    }

    private static String timedEventHandler(String base) {
        return base + ".application.observability.TimedEventHandler";
    }

    private static String myBatisUnitOfWork(String base) {
        return base + ".adapter.postgres.MyBatisUnitOfWork";
    }

    private static DescribedPredicate<JavaClass> assignableToAnyOf(Class<?>... types) {
        return DescribedPredicate.or(Arrays.stream(types).map(JavaClass.Predicates::assignableTo).toList());
    }

    private static DescribedPredicate<JavaClass> transactionImplementation() {
        return DescribedPredicate.describe("a Transaction implementation",
                javaClass -> !javaClass.isInterface() && javaClass.isAssignableTo(Transaction.class));
    }

    // A method reference (ledger::claim) reaches a method as surely as a call does, and callMethodWhere
    // would not see it: both are matched here, as accesses. A class calling its own methods (a ledger
    // and its private helpers) is not reaching the ledger from outside.
    static DescribedPredicate<JavaAccess<?>> methodOfAnyOf(Class<?>... types) {
        DescribedPredicate<JavaClass> owner = assignableToAnyOf(types);
        return DescribedPredicate.describe(
                "the target is a method, called or referenced, of another class " + owner.getDescription(),
                access -> (access.getTarget() instanceof MethodCallTarget
                        || access.getTarget() instanceof MethodReferenceTarget)
                        && owner.test(access.getTargetOwner())
                        && !access.getOriginOwner().equals(access.getTargetOwner()));
    }

    private static DescribedPredicate<JavaAccess<?>> constructorOf(Class<?> supertype) {
        DescribedPredicate<JavaClass> owner = JavaClass.Predicates.assignableTo(supertype);
        return DescribedPredicate.describe(
                "the target is a constructor, called or referenced, of a class " + owner.getDescription(),
                access -> (access.getTarget() instanceof ConstructorCallTarget
                        || access.getTarget() instanceof ConstructorReferenceTarget)
                        && owner.test(access.getTargetOwner()));
    }
}
