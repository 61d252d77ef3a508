-- The relay claims an e-mail with a lease instead of holding its row locked while it talks to the
-- mail server (docs/adr/0011): the claim sets lease_until and commits, the send runs with no
-- transaction open, and the result is recorded in a second short transaction that clears the lease.
-- A relay that dies during a send leaves its lease behind: the row is claimed again once lease_until
-- has passed. NULL: no relay holds the row.
ALTER TABLE outbox_emails ADD COLUMN lease_until TIMESTAMPTZ;

-- No grant: the runtime role's table-level SELECT and UPDATE on outbox_emails (V6) cover every
-- column, this one included (docs/security.md).
