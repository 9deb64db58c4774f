-- The keys of requests sent with an idempotency key, and their answers:
-- working data for 24 hours, not evidence and not a projection. The
-- writer stores a key in the transaction that appends its request's
-- entries, so that the same request sent again records nothing new; the
-- answer is kept after, sealed with a key derived from the client's, which
-- the server does not keep. docs/ledger.md describes the table.

-- +goose Up
CREATE TABLE idempotency_keys (
    -- A hash of the client's key.
    key_hash    BYTEA   NOT NULL PRIMARY KEY,
    -- A hash, keyed with the client's key, of what was asked.
    fingerprint BYTEA   NOT NULL,
    -- The entries the request recorded: "ledger:first-last", space-separated.
    recorded    TEXT    NOT NULL,
    -- When; to the minute for an anonymous request.
    created_us  BIGINT  NOT NULL,
    -- The answer, sealed; NULL until it is kept.
    answer      BYTEA
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_us);

-- +goose Down
DROP TABLE idempotency_keys;
