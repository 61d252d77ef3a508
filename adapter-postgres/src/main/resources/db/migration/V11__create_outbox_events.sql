-- The event outbox (docs/adr/0020): events this service publishes to Kafka, recorded in the same
-- transaction as the claim of the event that caused them, and published by the relay once that
-- transaction has committed. Its mechanics are the e-mail outbox's (V6, V8): the primary key is the
-- event id, derived from the cause, so an event processed again after `ledger forget` records nothing
-- new; the relay leases a row, publishes with no transaction open, and records the result.
-- `position` orders the events of one topic and key: the relay publishes one only when every event
-- recorded before it with that topic and key has been sent.
CREATE TABLE outbox_events (
    event_id        VARCHAR(255)  PRIMARY KEY,
    position        BIGINT        GENERATED ALWAYS AS IDENTITY UNIQUE,
    topic           VARCHAR(249)  NOT NULL,
    event_key       VARCHAR(255)  NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    occurred_at     TIMESTAMPTZ   NOT NULL,
    payload         JSONB         NOT NULL,
    status          VARCHAR(7)    NOT NULL DEFAULT 'pending'
                                  CONSTRAINT outbox_event_status CHECK (status IN ('pending', 'sent', 'parked')),
    failed_attempts INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    lease_until     TIMESTAMPTZ,
    last_error      VARCHAR(1000),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);

-- The relay asks for the oldest due pending event; only pending rows are in this index.
CREATE INDEX idx_outbox_events_due ON outbox_events (next_attempt_at) WHERE status = 'pending';

-- ... and whether an earlier event of its key is still unsent.
CREATE INDEX idx_outbox_events_unsent_by_key ON outbox_events (topic, event_key, position) WHERE status <> 'sent';

-- Retention deletes sent events oldest first, like the ledger's rows.
CREATE INDEX idx_outbox_events_sent_at ON outbox_events (sent_at) WHERE status = 'sent';

-- The runtime role (docs/security.md): the handler inserts, the relay reads and updates, retention
-- deletes sent rows. An identity column needs no grant on its sequence.
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox_events TO "${runtimeRole}";
