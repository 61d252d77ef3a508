package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.time.Instant;
import java.util.List;

/** Port: the relay's side of the e-mail outbox, oldest due e-mail first. */
public interface PendingEmails extends LeasedOutbox<OutgoingEmail, MessageId> {

    @Override
    List<PendingEmail> claimDue(Transaction transaction, Instant now, Instant leaseUntil, int limit);
}
