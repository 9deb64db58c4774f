-- Each person's latest check-in on set: the set's day it counts for, since
-- when, and whether and when they checked out. The gate reads who is on
-- site from it.

-- +goose Up
CREATE TABLE checkins (
    ledger_id    TEXT    NOT NULL,
    person_id    TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    since_us     BIGINT,
    confirmed_by TEXT    NOT NULL,
    checked_out  INTEGER NOT NULL,
    out_us       BIGINT,
    out_by       TEXT    NOT NULL,
    last_seq     BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, person_id)
);

-- +goose Down
DROP TABLE checkins;
