-- The transactional outbox (docs/adr/0011): e-mails recorded in the same transaction as the claim of
-- the event that caused them, and delivered by the relay once that transaction has committed.
-- The primary key is the Message-ID, derived from the event: an event that is processed again after
-- `ledger forget` finds its e-mail already recorded and does not queue it twice.
CREATE TABLE outbox_emails (
    message_id      VARCHAR(300)  PRIMARY KEY,
    event_id        VARCHAR(255)  NOT NULL,
    sender          VARCHAR(254)  NOT NULL,
    recipient       VARCHAR(254)  NOT NULL,
    subject         VARCHAR(998)  NOT NULL,
    body            TEXT          NOT NULL,
    status          VARCHAR(7)    NOT NULL DEFAULT 'pending'
                                  CONSTRAINT outbox_email_status CHECK (status IN ('pending', 'sent', 'parked')),
    failed_attempts INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    last_error      VARCHAR(1000),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);

-- The relay asks for the oldest pending e-mail that is due; only pending rows are in this index, so
-- the question stays cheap however many e-mails have been sent.
CREATE INDEX idx_outbox_emails_due ON outbox_emails (next_attempt_at) WHERE status = 'pending';

-- Retention deletes sent e-mails oldest first, like the ledger's rows.
CREATE INDEX idx_outbox_emails_sent_at ON outbox_emails (sent_at) WHERE status = 'sent';

-- The runtime role (docs/security.md): the handler inserts, the relay reads and updates (sent,
-- retry, parked; `outbox retry`), and retention deletes sent rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox_emails TO "${runtimeRole}";
