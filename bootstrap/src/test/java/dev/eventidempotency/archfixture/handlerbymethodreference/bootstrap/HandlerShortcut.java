package dev.eventidempotency.archfixture.handlerbymethodreference.bootstrap;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.function.BiConsumer;

/** Breaks "handlers only inside the unit of work" with a method reference instead of a call. */
public final class HandlerShortcut {

    public BiConsumer<Transaction, IncomingEvent<String>> handlerOutsideTheUnitOfWork(EventHandler<String> handler) {
        return handler::handle;
    }
}
