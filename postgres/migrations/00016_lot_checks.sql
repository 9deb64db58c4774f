-- Inert checks count rounds: the rounds of a lot checked and not loaded
-- since, who witnessed the last check, and the quarantine of a lot whose
-- rounds failed their check. Lots checked before start with no round
-- counted as checked, which is safe but short: `setsafe rebuild` replays
-- each ledger and counts the rounds their checks named, as verification
-- of the projections expects.

-- +goose Up
ALTER TABLE ammo_lots ADD COLUMN verified_rounds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ammo_lots ADD COLUMN verified_witness TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN quarantined BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ammo_lots ADD COLUMN quarantine_report TEXT NOT NULL DEFAULT '';
ALTER TABLE ammo_lots ADD COLUMN quarantined_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE ammo_lots DROP COLUMN quarantined_by;
ALTER TABLE ammo_lots DROP COLUMN quarantine_report;
ALTER TABLE ammo_lots DROP COLUMN quarantined;
ALTER TABLE ammo_lots DROP COLUMN verified_witness;
ALTER TABLE ammo_lots DROP COLUMN verified_rounds;
