package dev.eventidempotency.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import java.util.Set;

/**
 * An implementation of the inbound processing port calls both the ledger and the unit of work, or
 * calls another implementation of the port (a delegate, such as the per-event mode that hands each
 * event to the single-event use case). Calls, not fields or parameters: a factory method that merely
 * passes a ledger on would otherwise count as using it.
 */
final class ClaimInAUnitOfWorkOrDelegate extends ArchCondition<JavaClass> {

    ClaimInAUnitOfWorkOrDelegate() {
        super("call both the ledger (ProcessedEventLedger) and the unit of work (UnitOfWork), "
                + "or another implementation of the port");
    }

    @Override
    public void check(JavaClass processor, ConditionEvents events) {
        Set<JavaAccess<?>> accesses = processor.getAccessesFromSelf();
        boolean claimsInAUnitOfWork = calls(accesses, ProcessedEventLedger.class) && calls(accesses, UnitOfWork.class);
        boolean delegates = calls(accesses, ProcessEventUseCase.class, ProcessEventBatchUseCase.class);
        events.add(new SimpleConditionEvent(processor, claimsInAUnitOfWork || delegates,
                processor.getDescription() + " calls neither both " + ProcessedEventLedger.class.getSimpleName()
                        + " and " + UnitOfWork.class.getSimpleName()
                        + " nor another implementation of the port in " + processor.getSourceCodeLocation()));
    }

    private static boolean calls(Set<JavaAccess<?>> accesses, Class<?>... owners) {
        return accesses.stream().anyMatch(ArchitectureRules.methodOfAnyOf(owners));
    }
}
