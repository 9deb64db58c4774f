-- A safety meeting records the bulletin topics it covered by their IDs
-- (gate.Topics), separated by spaces; meetings recorded before it did
-- covered none that the gate can read.

-- +goose Up
ALTER TABLE safety_meetings ADD COLUMN covered_topics TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE safety_meetings DROP COLUMN covered_topics;
