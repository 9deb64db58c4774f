-- Concerns, their conversations, and each production's escalation ladder
-- and clocks. All are projections of the ledger; docs/ledger.md describes
-- them.

-- +goose Up
CREATE TABLE concerns (
    ledger_id       TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    hazard          TEXT    NOT NULL,
    setup_id        TEXT    NOT NULL,
    location        TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    mode            TEXT    NOT NULL,
    reporter        TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    raised_us       BIGINT ,
    acknowledged_us BIGINT ,
    closed_us       BIGINT ,
    rung            BIGINT  NOT NULL,
    deadline_us     BIGINT ,
    last_seq        BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

-- The escalation scheduler looks for concerns past their deadline.
CREATE INDEX concerns_by_deadline ON concerns (deadline_us) WHERE deadline_us IS NOT NULL;

CREATE TABLE concern_messages (
    ledger_id  TEXT    NOT NULL,
    seq        BIGINT  NOT NULL,
    concern_id TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    at_us      BIGINT ,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, seq)
);

CREATE INDEX concern_messages_by_concern ON concern_messages (ledger_id, concern_id, seq);

CREATE TABLE ladder_rungs (
    ledger_id TEXT    NOT NULL,
    rung      TEXT    NOT NULL,
    position  BIGINT  NOT NULL,
    people    TEXT    NOT NULL,
    contact   TEXT    NOT NULL,
    email     TEXT    NOT NULL,
    webhook   TEXT    NOT NULL,
    last_seq  BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, rung)
);

CREATE TABLE concern_clocks (
    ledger_id           TEXT    NOT NULL,
    severity            TEXT    NOT NULL,
    acknowledge_minutes BIGINT  NOT NULL,
    resolve_minutes     BIGINT  NOT NULL,
    last_seq            BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, severity)
);

-- Whether any open critical concern stops its work, not only firearm
-- concerns (WS-3).
ALTER TABLE safety_settings ADD COLUMN concerns_stop_all BOOLEAN NOT NULL DEFAULT FALSE;

-- An anonymous reporter's receipt code is found by its hash.
CREATE INDEX credentials_by_hash ON credentials (ledger_id, kind, hash);

-- +goose Down
-- There is no way down: projections are rebuilt from the ledger, never dropped.
