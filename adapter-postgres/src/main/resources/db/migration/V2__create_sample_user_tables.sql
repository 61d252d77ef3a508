-- The sample business (user registration). A fork deletes this migration with the sample code.
-- Both tables make a lost guarantee visible: a doubled UserCreated violates the users primary key,
-- and a doubled count shows in counters.
CREATE TABLE users (
    user_id    UUID         PRIMARY KEY,
    email      VARCHAR(254) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE counters (
    name  TEXT   PRIMARY KEY,
    value BIGINT NOT NULL
);
