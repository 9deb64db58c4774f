-- A set-up has the state the 1st AD last called (planned until then), and
-- a firearm the set-up it was last issued or loaded for. Alerts that the
-- watched rules raise are rows of their own. The escalation clock's queue
-- holds alerts and watches beside concerns, so its key is an item.

-- +goose Up
ALTER TABLE setups ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE setups ADD COLUMN state_us INTEGER;
ALTER TABLE firearms ADD COLUMN setup_id TEXT NOT NULL DEFAULT '';
ALTER TABLE escalation_queue RENAME COLUMN concern_id TO item;

CREATE TABLE alerts (
    ledger_id       TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    condition       TEXT    NOT NULL,
    rule            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    firearm_id      TEXT    NOT NULL,
    setup_id        TEXT    NOT NULL,
    holder          TEXT    NOT NULL,
    message         TEXT    NOT NULL,
    format          TEXT    NOT NULL,
    args            TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    raised_us       INTEGER,
    rung            INTEGER NOT NULL,
    deadline_us     INTEGER,
    acknowledged_us INTEGER,
    acknowledged_by TEXT    NOT NULL,
    acknowledgment  TEXT    NOT NULL,
    resolved_us     INTEGER,
    resolution      TEXT    NOT NULL,
    last_seq        INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE alerts;
ALTER TABLE escalation_queue RENAME COLUMN item TO concern_id;
ALTER TABLE firearms DROP COLUMN setup_id;
ALTER TABLE setups DROP COLUMN state_us;
ALTER TABLE setups DROP COLUMN state;
