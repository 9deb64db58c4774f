-- The permissions hazards need from outside the production, granted or
-- refused by their issuers: what they cover, when they are in force, and
-- the document.

-- +goose Up
CREATE TABLE hazard_permissions (
    ledger_id        TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    issuer           TEXT    NOT NULL,
    issuer_contact   TEXT    NOT NULL,
    reference        TEXT    NOT NULL,
    refused          BOOLEAN NOT NULL,
    reason           TEXT    NOT NULL,
    valid_from_us    BIGINT,
    valid_until_us   BIGINT,
    setup_ids        TEXT    NOT NULL,
    location_id      TEXT    NOT NULL,
    area             TEXT    NOT NULL,
    file             TEXT    NOT NULL,
    recorded_us      BIGINT,
    recorded_seq     BIGINT  NOT NULL,
    withdrawn        BOOLEAN NOT NULL,
    withdrawn_reason TEXT    NOT NULL,
    withdrawn_us     BIGINT,
    last_seq         BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

-- +goose Down
DROP TABLE hazard_permissions;
