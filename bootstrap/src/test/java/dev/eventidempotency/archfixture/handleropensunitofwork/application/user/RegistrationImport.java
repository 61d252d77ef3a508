package dev.eventidempotency.archfixture.handleropensunitofwork.application.user;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;

/** Allowed: business code that no handler uses may open a unit of work of its own. */
public final class RegistrationImport {

    private final UnitOfWork unitOfWork;

    public RegistrationImport(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    public int importAll() {
        return unitOfWork.inTransaction(transaction -> 0);
    }
}
