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
    chambers              BIGINT  NOT NULL,
    owner                 TEXT    NOT NULL,
    owner_licence         TEXT    NOT NULL,
    condition             TEXT    NOT NULL,
    custodian             TEXT    NOT NULL,
    store                 TEXT    NOT NULL,
    custody_since_us      BIGINT,
    out_of_service        BOOLEAN NOT NULL,
    returned              BOOLEAN NOT NULL,
    loaded_lot            TEXT    NOT NULL,
    loaded_rounds         BIGINT  NOT NULL,
    shown_clear_us        BIGINT,
    shown_clear_all       BOOLEAN NOT NULL,
    shown_clear_witnesses TEXT    NOT NULL,
    received_us           BIGINT,
    last_seq              BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE ammo_lots (
    ledger_id       TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    load_strength   TEXT    NOT NULL,
    calibre         TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    headstamp       TEXT    NOT NULL,
    received        BIGINT  NOT NULL,
    in_stock        BIGINT  NOT NULL,
    loaded          BIGINT  NOT NULL,
    fired           BIGINT  NOT NULL,
    returned        BIGINT  NOT NULL,
    destroyed       BIGINT  NOT NULL,
    verified        BOOLEAN NOT NULL,
    verified_by     TEXT    NOT NULL,
    verified_method TEXT    NOT NULL,
    received_us     BIGINT,
    last_seq        BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE safety_settings (
    ledger_id              TEXT    NOT NULL,
    id                     TEXT    NOT NULL,
    profile                TEXT    NOT NULL,
    rules_off              TEXT    NOT NULL,
    show_clear_minutes     BIGINT  NOT NULL,
    firearms_per_armorer   BIGINT  NOT NULL,
    misfire_threshold      BIGINT  NOT NULL,
    misfire_window_days    BIGINT  NOT NULL,
    training_validity_days BIGINT  NOT NULL,
    out_limit_minutes      BIGINT  NOT NULL,
    compliance_contact     TEXT    NOT NULL,
    last_seq               BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE trainings (
    ledger_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    person_id    TEXT    NOT NULL,
    course       TEXT    NOT NULL,
    provider     TEXT    NOT NULL,
    firearms     BOOLEAN NOT NULL,
    hours        BIGINT  NOT NULL,
    completed_us BIGINT,
    expires_us   BIGINT,
    last_seq     BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE permits (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    person_id  TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    number     TEXT    NOT NULL,
    issuer     TEXT    NOT NULL,
    expires_us BIGINT,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE safety_meetings (
    ledger_id    TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    led_by       TEXT    NOT NULL,
    topics       TEXT    NOT NULL,
    hazards      TEXT    NOT NULL,
    walk_through BOOLEAN NOT NULL,
    held_us      BIGINT,
    last_seq     BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE meeting_attendance (
    ledger_id    TEXT    NOT NULL,
    meeting_id   TEXT    NOT NULL,
    person_id    TEXT    NOT NULL,
    confirmed_by TEXT    NOT NULL,
    confirmed_us BIGINT,
    last_seq     BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, meeting_id, person_id)
);

CREATE TABLE discharges (
    ledger_id         TEXT    NOT NULL,
    id                TEXT    NOT NULL,
    firearm_id        TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    reported_by       TEXT    NOT NULL,
    at_us             BIGINT,
    investigated      BOOLEAN NOT NULL,
    findings          TEXT    NOT NULL,
    corrective_action TEXT    NOT NULL,
    last_seq          BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE review_signoffs (
    ledger_id TEXT    NOT NULL,
    person_id TEXT    NOT NULL,
    capacity  TEXT    NOT NULL,
    note      TEXT    NOT NULL,
    at_us     BIGINT,
    last_seq  BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, person_id, capacity)
);

CREATE TABLE setups (
    ledger_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    day           TEXT    NOT NULL,
    scene         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    hazards       TEXT    NOT NULL,
    toward_people BOOLEAN NOT NULL,
    has_plan      BOOLEAN NOT NULL,
    plan_shields  BOOLEAN NOT NULL,
    plan_distance BOOLEAN NOT NULL,
    plan_remote   BOOLEAN NOT NULL,
    plan_cleared  BOOLEAN NOT NULL,
    plan_notes    TEXT    NOT NULL,
    started_us    BIGINT,
    last_seq      BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE stop_works (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    setup_id   TEXT    NOT NULL,
    hazard     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    called_by  TEXT    NOT NULL,
    called_us  BIGINT,
    lifted     BOOLEAN NOT NULL,
    resolution TEXT    NOT NULL,
    lifted_by  TEXT    NOT NULL,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE discrepancies (
    ledger_id  TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    what       TEXT    NOT NULL,
    resolved   BOOLEAN NOT NULL,
    resolution TEXT    NOT NULL,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE live_round_reports (
    ledger_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    description TEXT    NOT NULL,
    reported_by TEXT    NOT NULL,
    at_us       BIGINT,
    cleared     BOOLEAN NOT NULL,
    removed_by  TEXT    NOT NULL,
    verified_by TEXT    NOT NULL,
    last_seq    BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

CREATE TABLE attachments (
    ledger_id    TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    subject_id   TEXT    NOT NULL,
    file         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    caption      TEXT    NOT NULL,
    added_us     BIGINT,
    last_seq     BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, subject, subject_id, file)
);

-- +goose Down
-- There is no way down: projections are rebuilt from the ledger, never dropped.
