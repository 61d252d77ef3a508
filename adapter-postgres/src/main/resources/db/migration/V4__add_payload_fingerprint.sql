-- The SHA-256 of each claimed event's canonical content (its type and payload, keys sorted). A
-- redelivery has the same fingerprint; an event id reused for other content does not and is set aside
-- as a payload conflict instead of being skipped as a duplicate. Rows claimed before this migration
-- have none and count as duplicates. Adding a nullable column without a default is instant.
ALTER TABLE processed_events ADD COLUMN payload_fingerprint CHAR(64);
