-- The evidence ledger. docs/ledger.md describes these tables for
-- investigators.

-- +goose Up
CREATE TABLE ledger (
    ledger_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    time_us   INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    corrects  INTEGER NOT NULL DEFAULT 0,
    entry     BLOB    NOT NULL,
    leaf_hash BLOB    NOT NULL,
    nodes     BLOB    NOT NULL,
    PRIMARY KEY (ledger_id, seq)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
    ledger_id TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    root      BLOB    NOT NULL,
    note      BLOB    NOT NULL,
    signed_us INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, size)
) WITHOUT ROWID;

-- Entries and checkpoints are evidence: setsafe never changes or deletes
-- them, and these triggers stop anyone who tries by mistake.
-- +goose StatementBegin
CREATE TRIGGER ledger_never_updated BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger entries are evidence and are never changed'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ledger_never_deleted BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger entries are evidence and are never deleted'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER checkpoints_never_updated BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are evidence and are never changed'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER checkpoints_never_deleted BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are evidence and are never deleted'); END;
-- +goose StatementEnd

-- Projections: the current state, rebuilt from the ledger at will.
CREATE TABLE productions (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    company    TEXT    NOT NULL,
    location   TEXT    NOT NULL,
    time_zone  TEXT    NOT NULL,
    created_us INTEGER,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE people (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    department TEXT    NOT NULL,
    job_title  TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    phone      TEXT    NOT NULL,
    account_id TEXT    NOT NULL,
    has_pin    INTEGER NOT NULL,
    active     INTEGER NOT NULL,
    added_us   INTEGER,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;
CREATE INDEX people_by_account ON people (account_id, ledger_id) WHERE account_id <> '';

CREATE TABLE role_grants (
    ledger_id  TEXT    NOT NULL,
    person_id  TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    granted_us INTEGER,
    granted_by TEXT    NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, person_id, role),
    FOREIGN KEY (ledger_id, person_id) REFERENCES people (ledger_id, id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

CREATE TABLE accounts (
    ledger_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    site_admin   INTEGER NOT NULL,
    disabled     INTEGER NOT NULL,
    password_set_us INTEGER,
    created_us   INTEGER,
    last_seq     INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;
CREATE INDEX accounts_by_email ON accounts (ledger_id, email);

CREATE TABLE api_tokens (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    account_id TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    created_us INTEGER,
    expires_us INTEGER,
    revoked    INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE production_register (
    ledger_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    registered_us INTEGER,
    last_seq      INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

-- Secrets and working data: never in the ledger, never evidence.
CREATE TABLE credentials (
    ledger_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    set_us    INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, kind, subject)
) WITHOUT ROWID;

CREATE TABLE pin_failures (
    ledger_id       TEXT    NOT NULL,
    person_id       TEXT    NOT NULL,
    failures        INTEGER NOT NULL,
    locked_until_us INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, person_id)
) WITHOUT ROWID;

CREATE TABLE sessions (
    token     TEXT    NOT NULL PRIMARY KEY,
    data      BLOB    NOT NULL,
    expiry_us INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expiry_us);

-- +goose Down
-- There is no way down: the ledger is evidence, and no migration drops it.
