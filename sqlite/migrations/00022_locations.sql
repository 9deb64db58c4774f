-- The places a production shoots at. Set-ups, permissions, concerns and
-- stop-works name them, so that what stops one place stops every set-up
-- there.

-- +goose Up
CREATE TABLE locations (
    ledger_id TEXT   NOT NULL,
    id        TEXT   NOT NULL,
    name      TEXT   NOT NULL,
    address   TEXT   NOT NULL,
    added_us  BIGINT,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
ALTER TABLE setups ADD COLUMN location_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE setups DROP COLUMN location_id;
DROP TABLE locations;
