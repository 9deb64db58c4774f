-- The studio's view across productions: which account sees the dashboards
-- of which productions, and in what capacity.

-- +goose Up
CREATE TABLE studio_access (
    ledger_id   TEXT   NOT NULL,
    account_id  TEXT   NOT NULL,
    capacity    TEXT   NOT NULL,
    productions TEXT   NOT NULL,
    granted_by  TEXT   NOT NULL,
    granted_us  BIGINT,
    last_seq    BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, account_id)
);

-- +goose Down
DROP TABLE studio_access;
