-- The injury and illness records a production keeps (OSHA 300, 300A,
-- 301): its establishment, each year's employment figures, and the cases;
-- a case's personal details are a sealed file beside the ledger.

-- +goose Up
CREATE TABLE establishments (
    ledger_id           TEXT NOT NULL,
    id                  TEXT NOT NULL,
    name                TEXT NOT NULL,
    ein                 TEXT NOT NULL,
    company_name        TEXT NOT NULL,
    street              TEXT NOT NULL,
    city                TEXT NOT NULL,
    state               TEXT NOT NULL,
    zip                 TEXT NOT NULL,
    naics               TEXT NOT NULL,
    industry            TEXT NOT NULL,
    establishment_type  BIGINT NOT NULL,
    last_seq            BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE TABLE establishment_years (
    ledger_id                 TEXT NOT NULL,
    year                      BIGINT NOT NULL,
    annual_average_employees  BIGINT NOT NULL,
    total_hours_worked        BIGINT NOT NULL,
    peak_employees            BIGINT NOT NULL,
    executive                 TEXT NOT NULL,
    title                     TEXT NOT NULL,
    phone                     TEXT NOT NULL,
    certified_on              TEXT NOT NULL,
    last_seq                  BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, year)
);
CREATE TABLE injury_cases (
    ledger_id              TEXT NOT NULL,
    id                     TEXT NOT NULL,
    incident_id            TEXT NOT NULL,
    number                 TEXT NOT NULL,
    employee               TEXT NOT NULL,
    job_title              TEXT NOT NULL,
    day                    TEXT NOT NULL,
    place                  TEXT NOT NULL,
    injury                 TEXT NOT NULL,
    body_part              TEXT NOT NULL,
    object                 TEXT NOT NULL,
    discreet               TEXT NOT NULL,
    case_type              TEXT NOT NULL,
    privacy                TEXT NOT NULL,
    work_related           BOOLEAN NOT NULL,
    new_case               BOOLEAN NOT NULL,
    death                  BOOLEAN NOT NULL,
    date_of_death          TEXT NOT NULL,
    days_away              BIGINT NOT NULL,
    days_restricted        BIGINT NOT NULL,
    medical_treatment      BOOLEAN NOT NULL,
    loss_of_consciousness  BOOLEAN NOT NULL,
    significant_diagnosis  BOOLEAN NOT NULL,
    began_work             TEXT NOT NULL,
    event_time             TEXT NOT NULL,
    time_unknown           BOOLEAN NOT NULL,
    before_incident        TEXT NOT NULL,
    what_happened          TEXT NOT NULL,
    emergency_room         BOOLEAN NOT NULL,
    hospitalized           BOOLEAN NOT NULL,
    personal_file          TEXT NOT NULL,
    completed_by           TEXT NOT NULL,
    completed_title        TEXT NOT NULL,
    completed_phone        TEXT NOT NULL,
    recorded_us            BIGINT,
    record_seq             BIGINT NOT NULL,
    last_seq               BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);
CREATE INDEX injury_cases_by_incident ON injury_cases (ledger_id, incident_id);

-- +goose Down
DROP TABLE injury_cases;
DROP TABLE establishment_years;
DROP TABLE establishments;
