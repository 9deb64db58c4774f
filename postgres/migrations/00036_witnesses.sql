-- The witnesses that cosign a production's checkpoints, the quorum and
-- the rungs that receive a copy of final checkpoints, and the witnesses'
-- refusals: projections of witness.* entries.

-- +goose Up
CREATE TABLE witnesses (
    ledger_id TEXT   NOT NULL,
    name      TEXT   NOT NULL,
    url       TEXT   NOT NULL,
    key       TEXT   NOT NULL,
    added_seq BIGINT NOT NULL,
    added_by  TEXT   NOT NULL,
    added_us  BIGINT,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, name)
);
CREATE TABLE witness_settings (
    ledger_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    quorum     BIGINT NOT NULL,
    copy_rungs TEXT   NOT NULL,
    last_seq   BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE TABLE witness_refusals (
    ledger_id       TEXT   NOT NULL,
    id              TEXT   NOT NULL,
    witness         TEXT   NOT NULL,
    size            BIGINT NOT NULL,
    status          BIGINT NOT NULL,
    reason          TEXT   NOT NULL,
    state           TEXT   NOT NULL,
    raised_us       BIGINT,
    rung            BIGINT NOT NULL,
    deadline_us     BIGINT,
    acknowledged_by TEXT   NOT NULL,
    acknowledged_us BIGINT,
    acknowledgment  TEXT   NOT NULL,
    resolved_by     TEXT   NOT NULL,
    resolved_us     BIGINT,
    resolution      TEXT   NOT NULL,
    last_seq        BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX witness_refusals_by_witness ON witness_refusals (ledger_id, witness);

-- +goose Down
DROP TABLE witness_refusals;
DROP TABLE witness_settings;
DROP TABLE witnesses;
