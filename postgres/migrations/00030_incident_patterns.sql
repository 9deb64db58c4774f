-- Patterns of repeated incidents that concern one thing: warning signs
-- that climb the ladder and stop the work they concern until reviewed
-- (WS-6).

-- +goose Up
CREATE TABLE incident_patterns (
    ledger_id           TEXT NOT NULL,
    id                  TEXT NOT NULL,
    scope               TEXT NOT NULL,
    about               TEXT NOT NULL,
    what                TEXT NOT NULL,
    incidents           TEXT NOT NULL,
    count               BIGINT NOT NULL,
    days                BIGINT NOT NULL,
    last_us             BIGINT,
    raised_us           BIGINT,
    state               TEXT NOT NULL,
    rung                BIGINT NOT NULL,
    deadline_us         BIGINT,
    acknowledged_by     TEXT NOT NULL,
    acknowledgement     TEXT NOT NULL,
    safety_signed_by    TEXT NOT NULL,
    producer_signed_by  TEXT NOT NULL,
    reviewed_us         BIGINT,
    last_seq            BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, id)
);

-- +goose Down
DROP TABLE incident_patterns;
