-- Least privilege (docs/security.md, docs/adr/0012-secrets-and-least-privilege.md): the service runs as
-- the runtime role and gets exactly what its statements need; it can alter, drop, truncate or create
-- nothing. The migrations run as the tables' owner (DB_MIGRATION_USER, by default the runtime user
-- itself, for whom these grants change nothing).
--
-- ${runtimeRole} is a Flyway placeholder that PostgresDatabase sets to the runtime user (DB_USER).
-- Each migration that adds a table grants the runtime role its own rights on it, in the same file:
--     GRANT SELECT, INSERT ON my_table TO "${runtimeRole}";
-- Flyway's checksum is taken before placeholders are replaced: another runtime role later gets no
-- grants from these already-applied migrations; docs/security.md says how to hand them over.
GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO "${runtimeRole}";

-- Claims and their fingerprint look-ups; DELETE for retention's purge and for `ledger forget`.
GRANT SELECT, INSERT, DELETE ON processed_events TO "${runtimeRole}";
-- The audit of `ledger forget`: written and read, never changed.
GRANT SELECT, INSERT ON forgotten_events TO "${runtimeRole}";

-- The sample business (a fork replaces these two lines with its own tables' grants).
GRANT SELECT, INSERT ON users TO "${runtimeRole}";
-- Counters are upserted: INSERT ... ON CONFLICT DO UPDATE.
GRANT SELECT, INSERT, UPDATE ON counters TO "${runtimeRole}";
