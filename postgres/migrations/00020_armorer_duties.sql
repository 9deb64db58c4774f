-- Who went off armorer duty or came back on it. A person holding an
-- armorer's role with no row never went off duty, and is on it.

-- +goose Up
CREATE TABLE armorer_duties (
    ledger_id TEXT    NOT NULL,
    person_id TEXT    NOT NULL,
    on_duty   BOOLEAN NOT NULL,
    since_us  BIGINT,
    last_seq  BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, person_id)
);

-- +goose Down
DROP TABLE armorer_duties;
