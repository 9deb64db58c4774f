-- The preparations set-ups' hazards need, recorded on the day by those
-- qualified to make them: every record is kept, and the latest of each
-- kind for a set-up on a day decides.

-- +goose Up
CREATE TABLE preparations (
    ledger_id       TEXT   NOT NULL,
    id              TEXT   NOT NULL,
    kind            TEXT   NOT NULL,
    setup_id        TEXT   NOT NULL,
    day             TEXT   NOT NULL,
    by_person       TEXT   NOT NULL,
    ready           INTEGER NOT NULL,
    notes           TEXT   NOT NULL,
    file_id         TEXT   NOT NULL,
    window_from_us  BIGINT,
    window_until_us BIGINT,
    confirmed_by    TEXT   NOT NULL,
    limit_value     REAL NOT NULL,
    reading         REAL NOT NULL,
    count           BIGINT NOT NULL,
    at_us           BIGINT,
    recorded_us     BIGINT,
    last_seq        BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX preparations_by_setup ON preparations (ledger_id, setup_id, day);

-- +goose Down
DROP TABLE preparations;
