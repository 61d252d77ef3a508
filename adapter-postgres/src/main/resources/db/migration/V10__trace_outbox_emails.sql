-- The W3C trace context of the transaction that queued an e-mail (docs/operations.md#tracing), so that
-- the relay's send continues that trace. NULL: that work was not traced. A traceparent of version 00
-- has 55 characters; a tracestate longer than 512 is not kept, which W3C Trace Context allows.
ALTER TABLE outbox_emails ADD COLUMN traceparent VARCHAR(55), ADD COLUMN tracestate VARCHAR(512);

-- No grant: the runtime role's table-level rights on outbox_emails (V6) cover every column.
