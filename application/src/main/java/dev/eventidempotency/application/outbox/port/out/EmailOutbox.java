package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.util.List;

/**
 * Port: records e-mails to send, in the caller's transaction. A handler never sends an e-mail
 * itself: a send cannot be rolled back, a row can. Recording a message whose id is already recorded
 * changes nothing, so an event replayed after an operator forgot it does not queue it twice.
 */
public interface EmailOutbox {

    void enqueue(Transaction transaction, List<OutgoingEmail> emails);
}
