-- The incident register: incidents (opened by hand, or by the entries that
-- are incidents already), the contributing factors their investigations
-- find, and their corrective and preventive actions.

-- +goose Up
CREATE TABLE incidents (
    ledger_id              TEXT NOT NULL,
    id                     TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    severity               TEXT NOT NULL,
    could_have_been_fatal  INTEGER NOT NULL,
    description            TEXT NOT NULL,
    immediate_action       TEXT NOT NULL,
    occurred_us            BIGINT,
    recorded_us            BIGINT,
    location_id            TEXT NOT NULL,
    place                  TEXT NOT NULL,
    setup_id               TEXT NOT NULL,
    firearms               TEXT NOT NULL,
    lots                   TEXT NOT NULL,
    people                 TEXT NOT NULL,
    witnesses              TEXT NOT NULL,
    reported_by            TEXT NOT NULL,
    record_seq             BIGINT NOT NULL,
    source                 TEXT NOT NULL,
    source_seq             BIGINT NOT NULL,
    concerns               TEXT NOT NULL,
    state                  TEXT NOT NULL,
    investigator           TEXT NOT NULL,
    assigned_us            BIGINT,
    root_cause             TEXT NOT NULL,
    findings               TEXT NOT NULL,
    concluded_us           BIGINT,
    safety_signed_by       TEXT NOT NULL,
    safety_signed_us       BIGINT,
    producer_signed_by     TEXT NOT NULL,
    producer_signed_us     BIGINT,
    last_seq               BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX incidents_by_occurred ON incidents (ledger_id, occurred_us);
CREATE TABLE incident_factors (
    ledger_id    TEXT NOT NULL,
    incident_id  TEXT NOT NULL,
    id           TEXT NOT NULL,
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    whys         TEXT NOT NULL,
    by_person    TEXT NOT NULL,
    at_us        BIGINT,
    last_seq     BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, incident_id, id)
);
CREATE TABLE corrective_actions (
    ledger_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    incident_id  TEXT NOT NULL,
    what         TEXT NOT NULL,
    preventive   INTEGER NOT NULL,
    owner        TEXT NOT NULL,
    due          TEXT NOT NULL,
    deadline_us  BIGINT,
    rung         BIGINT NOT NULL,
    state        TEXT NOT NULL,
    planned_by   TEXT NOT NULL,
    planned_us   BIGINT,
    done_by      TEXT NOT NULL,
    done_us      BIGINT,
    done_note    TEXT NOT NULL,
    verified_by  TEXT NOT NULL,
    verified_us  BIGINT,
    verify_note  TEXT NOT NULL,
    last_seq     BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX corrective_actions_by_incident ON corrective_actions (ledger_id, incident_id);

-- +goose Down
DROP TABLE corrective_actions;
DROP TABLE incident_factors;
DROP TABLE incidents;
