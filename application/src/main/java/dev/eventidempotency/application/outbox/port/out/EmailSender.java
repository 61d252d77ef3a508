package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.outbox.OutgoingEmail;

/** Port: hands an e-mail to a mail server. Returns once the server has accepted it. */
public interface EmailSender {

    /**
     * @param trace the trace of the work that queued the e-mail, for the send to continue
     * @throws EmailNotSentException if the server did not accept it, saying whether a retry may succeed
     */
    void send(OutgoingEmail email, TraceContext trace);
}
