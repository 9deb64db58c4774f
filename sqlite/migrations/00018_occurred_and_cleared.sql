-- Warning signs say when they happened as well as when they were reported
-- (occurred_us; NULL for a report made before they could say so, which
-- happened when it was reported). A firearm keeps when it last went out of
-- service and whether its last inspection found its bore clear and it
-- working, which the gate reads before it goes back into service (FA-7).

-- +goose Up
ALTER TABLE discharges ADD COLUMN occurred_us INTEGER;
ALTER TABLE live_round_reports ADD COLUMN occurred_us INTEGER;
ALTER TABLE concerns ADD COLUMN occurred_us INTEGER;
ALTER TABLE firearms ADD COLUMN out_of_service_us INTEGER;
ALTER TABLE firearms ADD COLUMN inspected_clear INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE firearms DROP COLUMN inspected_clear;
ALTER TABLE firearms DROP COLUMN out_of_service_us;
ALTER TABLE concerns DROP COLUMN occurred_us;
ALTER TABLE live_round_reports DROP COLUMN occurred_us;
ALTER TABLE discharges DROP COLUMN occurred_us;
