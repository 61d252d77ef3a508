-- The audit of `ledger forget`: one row per ledger row an operator removed so that its event is
-- processed again, written in the same transaction as the removal. It copies the removed row's
-- columns (the ledger row itself is gone) and says who removed it, when and why. Retention never
-- deletes from it: it is small, and it is the only trace that an event was processed twice on purpose.
CREATE TABLE forgotten_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ledger_id    BIGINT       NOT NULL,
    event_id     VARCHAR(255) NOT NULL,
    service_name VARCHAR(100) NOT NULL,
    topic        VARCHAR(255) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL,
    forgotten_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    forgotten_by TEXT         NOT NULL CONSTRAINT forgotten_by_not_empty CHECK (forgotten_by <> ''),
    reason       TEXT         NOT NULL CONSTRAINT reason_not_empty CHECK (reason <> '')
);

-- "Was this event ever forgotten?" is asked by event id.
CREATE INDEX idx_forgotten_events_event_id ON forgotten_events (event_id);
