package dev.eventidempotency.archfixture.handlercreatestransaction.application.user;

import dev.eventidempotency.domain.idempotency.Transaction;

/** A transaction that no unit of work opened. */
public final class DetachedTransaction implements Transaction {
}
