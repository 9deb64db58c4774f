-- The rungs of the ladder that get the daily safety report at wrap, and
-- the days whose report was sent.

-- +goose Up
CREATE TABLE daily_report_rungs (
    ledger_id TEXT   NOT NULL,
    id        TEXT   NOT NULL,
    rungs     TEXT   NOT NULL,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE TABLE daily_reports_sent (
    ledger_id TEXT   NOT NULL,
    day       TEXT   NOT NULL,
    rungs     TEXT   NOT NULL,
    sent_us   BIGINT,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, day)
);

-- +goose Down
DROP TABLE daily_reports_sent;
DROP TABLE daily_report_rungs;
