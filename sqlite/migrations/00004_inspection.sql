-- The armorer's last inspection of each firearm (projection of
-- firearm.inspected).

-- +goose Up
ALTER TABLE firearms ADD COLUMN inspected_us INTEGER;
ALTER TABLE firearms ADD COLUMN inspected_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE firearms DROP COLUMN inspected_by;
ALTER TABLE firearms DROP COLUMN inspected_us;
