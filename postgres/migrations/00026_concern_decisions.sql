-- A concern names a location of the production, is triaged by the safety
-- coordinator and decided on (proceed or stop) while it stops work; a
-- stop-work may stop a location; a production lists the hazards that need a
-- medic.

-- +goose Up
ALTER TABLE concerns ADD COLUMN location_id TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN triage TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN triage_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN triaged_by TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN triaged_us BIGINT;
ALTER TABLE concerns ADD COLUMN decision TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE concerns ADD COLUMN decided_us BIGINT;
ALTER TABLE stop_works ADD COLUMN location_id TEXT NOT NULL DEFAULT '';
ALTER TABLE safety_settings ADD COLUMN medic_for TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE safety_settings DROP COLUMN medic_for;
ALTER TABLE stop_works DROP COLUMN location_id;
ALTER TABLE concerns DROP COLUMN decided_us;
ALTER TABLE concerns DROP COLUMN decided_by;
ALTER TABLE concerns DROP COLUMN decision_reason;
ALTER TABLE concerns DROP COLUMN decision;
ALTER TABLE concerns DROP COLUMN triaged_us;
ALTER TABLE concerns DROP COLUMN triaged_by;
ALTER TABLE concerns DROP COLUMN triage_reason;
ALTER TABLE concerns DROP COLUMN triage;
ALTER TABLE concerns DROP COLUMN location_id;
