-- How far each service consumed each partition, kept after the effects and before Kafka's offsets
-- (docs/adr/0015-consumed-positions-in-the-database.md): a database restored to an earlier point
-- brings its older position back, and the service reprocesses the gap by itself.
CREATE TABLE consumer_positions (
    service_name    VARCHAR(100) NOT NULL,
    topic           VARCHAR(255) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    next_offset     BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT consumer_positions_pkey PRIMARY KEY (service_name, topic, kafka_partition)
);

-- The runtime role (docs/security.md) upserts and reads its positions.
GRANT SELECT, INSERT, UPDATE ON consumer_positions TO "${runtimeRole}";
