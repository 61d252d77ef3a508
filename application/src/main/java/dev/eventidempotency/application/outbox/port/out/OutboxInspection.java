package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import java.util.List;

/** Port: what an operator sees of the outbox, and the one change an operator makes: retry a parked e-mail. */
public interface OutboxInspection {

    OutboxCounts counts(Transaction transaction);

    /** The oldest parked e-mails, at most {@code limit}. */
    List<ParkedEmail> parked(Transaction transaction, int limit);

    /** Makes a parked e-mail due now with no failed attempts; false if no parked e-mail has that id. */
    boolean requeueParked(Transaction transaction, MessageId id);
}
