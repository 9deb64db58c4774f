-- Refusals counted by day on the set's clock and rule, for the dashboards.

-- +goose Up
CREATE TABLE refusal_counts (
    ledger_id TEXT   NOT NULL,
    day       TEXT   NOT NULL,
    rule      TEXT   NOT NULL,
    count     BIGINT NOT NULL,
    last_seq  BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, day, rule)
);

-- +goose Down
DROP TABLE refusal_counts;
