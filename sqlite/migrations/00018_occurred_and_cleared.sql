-- Warning signs say when they happened (occurred_us) as well as when they
-- were reported. A firearm keeps when it last went out of
-- service and whether its last inspection found its bore clear and it
-- working, which the gate reads before it goes back into service (FA-7).
-- A report made before reports said when they happened happened when it
-- was reported, as a replay finds. A firearm's last time out of service and
-- whether its last inspection since found it clear start unknown (NULL,
-- false), which is safe: one out of service needs a clear inspection again
-- before it goes back. `setsafe rebuild` replays each ledger and fills them
-- in, as verification of the projections expects.

-- +goose Up
ALTER TABLE discharges ADD COLUMN occurred_us INTEGER;
ALTER TABLE live_round_reports ADD COLUMN occurred_us INTEGER;
ALTER TABLE concerns ADD COLUMN occurred_us INTEGER;
ALTER TABLE firearms ADD COLUMN out_of_service_us INTEGER;
UPDATE discharges SET occurred_us = at_us;
UPDATE live_round_reports SET occurred_us = at_us;
UPDATE concerns SET occurred_us = raised_us;
ALTER TABLE firearms ADD COLUMN inspected_clear INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE firearms DROP COLUMN inspected_clear;
ALTER TABLE firearms DROP COLUMN out_of_service_us;
ALTER TABLE concerns DROP COLUMN occurred_us;
ALTER TABLE live_round_reports DROP COLUMN occurred_us;
ALTER TABLE discharges DROP COLUMN occurred_us;
