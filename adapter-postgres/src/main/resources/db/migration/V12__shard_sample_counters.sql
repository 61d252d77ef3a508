-- The sample business (a fork deletes this migration with V2). Every unit of work adds to a counter,
-- and one row per counter would make concurrent units of work queue on its lock, each until the
-- other's commit is flushed. A counter is its rows' sum instead: an addition takes a row no other
-- transaction holds, or a new one, so there are never more rows than concurrent transactions.
ALTER TABLE counters ADD COLUMN shard INTEGER NOT NULL DEFAULT 0;
ALTER TABLE counters DROP CONSTRAINT counters_pkey;
ALTER TABLE counters ADD PRIMARY KEY (name, shard);
