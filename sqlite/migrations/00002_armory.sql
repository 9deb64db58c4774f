-- The armory: firearms and ammunition lots, the preparation the safety
-- rules ask for (profile, training, permits, safety meetings, set-ups)
-- and the warning signs they watch (discharges, reviews, stop-work).
-- All are projections of the ledger. docs/ledger.md describes them.

-- +goose Up
CREATE TABLE firearms (
    ledger_id             TEXT    NOT NULL,
    id                    TEXT    NOT NULL,
    make                  TEXT    NOT NULL,
    model                 TEXT    NOT NULL,
    serial                TEXT    NOT NULL,
    kind                  TEXT    NOT NULL,
    calibre               TEXT    NOT NULL,
    chambers              INTEGER NOT NULL,
    owner                 TEXT    NOT NULL,
    owner_licence         TEXT    NOT NULL,
    condition             TEXT    NOT NULL,
    custodian             TEXT    NOT NULL,
    store                 TEXT    NOT NULL,
    custody_since_us      INTEGER,
    out_of_service        INTEGER NOT NULL,
    returned              INTEGER NOT NULL,
    loaded_lot            TEXT    NOT NULL,
    loaded_rounds         INTEGER NOT NULL,
    shown_clear_us        INTEGER,
    shown_clear_all       INTEGER NOT NULL,
    shown_clear_witnesses TEXT    NOT NULL,
    received_us           INTEGER,
    last_seq              INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE ammo_lots (
    ledger_id       TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    load_strength   TEXT    NOT NULL,
    calibre         TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    headstamp       TEXT    NOT NULL,
    received        INTEGER NOT NULL,
    in_stock        INTEGER NOT NULL,
    loaded          INTEGER NOT NULL,
    fired           INTEGER NOT NULL,
    returned        INTEGER NOT NULL,
    destroyed       INTEGER NOT NULL,
    verified        INTEGER NOT NULL,
    verified_by     TEXT    NOT NULL,
    verified_method TEXT    NOT NULL,
    received_us     INTEGER,
    last_seq        INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE safety_settings (
    ledger_id              TEXT    NOT NULL,
    id                     TEXT    NOT NULL,
    profile                TEXT    NOT NULL,
    rules_off              TEXT    NOT NULL,
    show_clear_minutes     INTEGER NOT NULL,
    firearms_per_armorer   INTEGER NOT NULL,
    misfire_threshold      INTEGER NOT NULL,
    misfire_window_days    INTEGER NOT NULL,
    training_validity_days INTEGER NOT NULL,
    out_limit_minutes      INTEGER NOT NULL,
    compliance_contact     TEXT    NOT NULL,
    last_seq               INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE trainings (
    ledger_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    person_id    TEXT    NOT NULL,
    course       TEXT    NOT NULL,
    provider     TEXT    NOT NULL,
    firearms     INTEGER NOT NULL,
    hours        INTEGER NOT NULL,
    completed_us INTEGER,
    expires_us   INTEGER,
    last_seq     INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE permits (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    person_id  TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    number     TEXT    NOT NULL,
    issuer     TEXT    NOT NULL,
    expires_us INTEGER,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE safety_meetings (
    ledger_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    led_by       TEXT    NOT NULL,
    topics       TEXT    NOT NULL,
    hazards      TEXT    NOT NULL,
    walk_through INTEGER NOT NULL,
    held_us      INTEGER,
    last_seq     INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE meeting_attendance (
    ledger_id    TEXT    NOT NULL,
    meeting_id   TEXT    NOT NULL,
    person_id    TEXT    NOT NULL,
    confirmed_by TEXT    NOT NULL,
    confirmed_us INTEGER,
    last_seq     INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, meeting_id, person_id)
) WITHOUT ROWID;

CREATE TABLE discharges (
    ledger_id         TEXT    NOT NULL,
    id                TEXT    NOT NULL,
    firearm_id        TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    reported_by       TEXT    NOT NULL,
    at_us             INTEGER,
    investigated      INTEGER NOT NULL,
    findings          TEXT    NOT NULL,
    corrective_action TEXT    NOT NULL,
    last_seq          INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE review_signoffs (
    ledger_id TEXT    NOT NULL,
    person_id TEXT    NOT NULL,
    capacity  TEXT    NOT NULL,
    note      TEXT    NOT NULL,
    at_us     INTEGER,
    last_seq  INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, person_id, capacity)
) WITHOUT ROWID;

CREATE TABLE setups (
    ledger_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    day           TEXT    NOT NULL,
    scene         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    hazards       TEXT    NOT NULL,
    toward_people INTEGER NOT NULL,
    has_plan      INTEGER NOT NULL,
    plan_shields  INTEGER NOT NULL,
    plan_distance INTEGER NOT NULL,
    plan_remote   INTEGER NOT NULL,
    plan_cleared  INTEGER NOT NULL,
    plan_notes    TEXT    NOT NULL,
    started_us    INTEGER,
    last_seq      INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE stop_works (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    setup_id   TEXT    NOT NULL,
    hazard     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    called_by  TEXT    NOT NULL,
    called_us  INTEGER,
    lifted     INTEGER NOT NULL,
    resolution TEXT    NOT NULL,
    lifted_by  TEXT    NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE discrepancies (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    what       TEXT    NOT NULL,
    resolved   INTEGER NOT NULL,
    resolution TEXT    NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE live_round_reports (
    ledger_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    description TEXT    NOT NULL,
    reported_by TEXT    NOT NULL,
    at_us       INTEGER,
    cleared     INTEGER NOT NULL,
    removed_by  TEXT    NOT NULL,
    verified_by TEXT    NOT NULL,
    last_seq    INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

CREATE TABLE attachments (
    ledger_id    TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    subject_id   TEXT    NOT NULL,
    file         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    caption      TEXT    NOT NULL,
    added_us     INTEGER,
    last_seq     INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, subject, subject_id, file)
) WITHOUT ROWID;

-- +goose Down
-- There is no way down: projections are rebuilt from the ledger, never dropped.
