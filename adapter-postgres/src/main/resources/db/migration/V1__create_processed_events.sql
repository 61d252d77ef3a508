-- The ledger: one row per event and consuming service, written in the same transaction as the
-- event's effects. It keeps the original note's columns and unique key, and fixes what the note
-- got wrong (see docs/adr/0003-ledger-table.md):
--   * id is a BIGINT identity: SERIAL is a 32-bit integer, and a busy consumer passes 2^31 events.
--   * processed_at is TIMESTAMPTZ and NOT NULL: a TIMESTAMP without time zone means whatever the
--     session's TimeZone says, which makes the retention cut-off depend on the client.
--   * no separate index on event_id: the unique index on (event_id, service_name) already serves
--     every lookup by event_id, and a second index would only slow down each claim.
--   * an empty event id is refused by the database too, not only by the domain type.
CREATE TABLE processed_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     VARCHAR(255) NOT NULL,
    service_name VARCHAR(100) NOT NULL,
    topic        VARCHAR(255) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT unique_event_per_service UNIQUE (event_id, service_name),
    CONSTRAINT event_id_not_empty CHECK (event_id <> '')
);

-- Retention deletes the oldest rows first.
CREATE INDEX idx_processed_events_processed_at ON processed_events (processed_at);
