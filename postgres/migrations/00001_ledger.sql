-- The evidence ledger. docs/ledger.md describes these tables for
-- investigators.

-- +goose Up
CREATE TABLE ledger (
    ledger_id TEXT    NOT NULL,
    seq       BIGINT  NOT NULL,
    time_us   BIGINT  NOT NULL,
    actor     TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    corrects  BIGINT  NOT NULL DEFAULT 0,
    entry     BYTEA   NOT NULL,
    leaf_hash BYTEA   NOT NULL,
    nodes     BYTEA   NOT NULL,
    PRIMARY KEY (ledger_id, seq)
);

CREATE TABLE checkpoints (
    ledger_id TEXT    NOT NULL,
    size      BIGINT  NOT NULL,
    root      BYTEA   NOT NULL,
    note      BYTEA   NOT NULL,
    signed_us BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, size)
);

-- Entries and checkpoints are evidence: setsafe never changes, deletes or
-- truncates them, and these triggers stop anyone who tries by mistake.
-- +goose StatementBegin
CREATE FUNCTION setsafe_evidence_is_never_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are evidence and are never changed or deleted', TG_TABLE_NAME;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER ledger_never_changed BEFORE UPDATE OR DELETE ON ledger
    FOR EACH ROW EXECUTE FUNCTION setsafe_evidence_is_never_changed();
CREATE TRIGGER checkpoints_never_changed BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION setsafe_evidence_is_never_changed();
CREATE TRIGGER ledger_never_truncated BEFORE TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION setsafe_evidence_is_never_changed();
CREATE TRIGGER checkpoints_never_truncated BEFORE TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION setsafe_evidence_is_never_changed();

-- Projections: the current state, rebuilt from the ledger at will.
CREATE TABLE productions (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    company    TEXT    NOT NULL,
    location   TEXT    NOT NULL,
    time_zone  TEXT    NOT NULL,
    created_us BIGINT,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE people (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    department TEXT    NOT NULL,
    job_title  TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    phone      TEXT    NOT NULL,
    account_id TEXT    NOT NULL,
    has_pin    BOOLEAN NOT NULL,
    active     BOOLEAN NOT NULL,
    added_us   BIGINT,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX people_by_account ON people (account_id, ledger_id) WHERE account_id <> '';

CREATE TABLE role_grants (
    ledger_id  TEXT    NOT NULL,
    person_id  TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    granted_us BIGINT,
    granted_by TEXT    NOT NULL,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, person_id, role),
    FOREIGN KEY (ledger_id, person_id) REFERENCES people (ledger_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE accounts (
    ledger_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    site_admin   BOOLEAN NOT NULL,
    disabled     BOOLEAN NOT NULL,
    password_set_us BIGINT,
    created_us   BIGINT,
    last_seq     BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX accounts_by_email ON accounts (ledger_id, email);

CREATE TABLE api_tokens (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    account_id TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    created_us BIGINT,
    expires_us BIGINT,
    revoked    BOOLEAN NOT NULL,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE production_register (
    ledger_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    registered_us BIGINT,
    last_seq      BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

-- Secrets and working data: never in the ledger, never evidence.
CREATE TABLE credentials (
    ledger_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    set_us    BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, kind, subject)
);

CREATE TABLE pin_failures (
    ledger_id       TEXT    NOT NULL,
    person_id       TEXT    NOT NULL,
    failures        BIGINT  NOT NULL,
    locked_until_us BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, person_id)
);

CREATE TABLE sessions (
    token     TEXT    NOT NULL PRIMARY KEY,
    data      BYTEA   NOT NULL,
    expiry_us BIGINT  NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expiry_us);

-- +goose Down
-- There is no way down: the ledger is evidence, and no migration drops it.
