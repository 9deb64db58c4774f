-- The outbox of notifications and what the escalation clock keeps aside.
-- None of it is evidence or a projection: notifications are derived from
-- entries in the transaction that writes them and sent afterwards, and a
-- rebuild of the projections leaves these tables alone. docs/ledger.md
-- describes them.

-- +goose Up
-- Keyed by the entry that caused each one, so that new notifications go
-- to the end of their production's range; id, a hash of the key, is what
-- receivers see.
CREATE TABLE notifications (
    id               TEXT    NOT NULL,
    ledger_id        TEXT    NOT NULL,
    seq              BIGINT  NOT NULL,
    event            TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    recipient        TEXT    NOT NULL,
    rung             TEXT    NOT NULL,
    about            TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    text             TEXT    NOT NULL,
    created_us       BIGINT  NOT NULL,
    -- pending, delivered, or failed once every attempt failed.
    state            TEXT    NOT NULL,
    attempts         BIGINT  NOT NULL,
    -- When the sender may try next, and until when a sender holds it.
    next_us          BIGINT  NOT NULL,
    claimed_until_us BIGINT  NOT NULL,
    delivered_us     BIGINT ,
    last_error       TEXT    NOT NULL,
    PRIMARY KEY (ledger_id, seq, channel, recipient)
);

CREATE INDEX notifications_to_send ON notifications (next_us) WHERE state = 'pending';
CREATE INDEX notifications_inbox ON notifications (ledger_id, recipient, seq) WHERE channel = 'inbox';

-- Every attempt to send an e-mail or a webhook, for the delivery log.
CREATE TABLE notification_attempts (
    notification_id TEXT    NOT NULL,
    attempt         BIGINT  NOT NULL,
    at_us           BIGINT  NOT NULL,
    outcome         TEXT    NOT NULL,
    detail          TEXT    NOT NULL,
    PRIMARY KEY (notification_id, attempt)
);

-- Secrets that sign webhook requests: a production's (rung '') or one
-- rung's. Kept out of the ledger, which others read.
CREATE TABLE webhook_secrets (
    ledger_id TEXT    NOT NULL,
    rung      TEXT    NOT NULL,
    secret    TEXT    NOT NULL,
    set_us    BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, rung)
);

-- The open concerns that have a rung left to climb, with their deadline:
-- what the escalation clock reads. The writer keeps it in the transaction
-- of every entry that changes a concern or the ladder; a concern at the
-- top of its ladder is not in it, so the clock never looks at it again
-- until the ladder grows.
CREATE TABLE escalation_queue (
    ledger_id   TEXT    NOT NULL,
    concern_id  TEXT    NOT NULL,
    deadline_us BIGINT  NOT NULL,
    PRIMARY KEY (ledger_id, concern_id)
);

CREATE INDEX escalation_queue_by_deadline ON escalation_queue (deadline_us);

-- Concerns raised before this migration: every open one, read through
-- concerns_by_deadline; the clock drops those with no rung left.
INSERT INTO escalation_queue (ledger_id, concern_id, deadline_us)
    SELECT ledger_id, id, deadline_us FROM concerns WHERE deadline_us IS NOT NULL AND closed_us IS NULL;

-- +goose Down
DROP TABLE escalation_queue;
DROP TABLE webhook_secrets;
DROP TABLE notification_attempts;
DROP TABLE notifications;
