-- +goose Up
-- A confidential reporter is recorded by a keyed seal, not by name.
ALTER TABLE concerns ADD COLUMN reporter_seal TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE concerns DROP COLUMN reporter_seal;
