-- The W3C trace context of the transaction that recorded an event, as V10 keeps it for an e-mail: the
-- relay's publish continues that trace and passes it on in the record's headers. NULL: not traced.
ALTER TABLE outbox_events ADD COLUMN traceparent VARCHAR(55), ADD COLUMN tracestate VARCHAR(512);

-- No grant: the runtime role's table-level rights on outbox_events (V11) cover every column.
