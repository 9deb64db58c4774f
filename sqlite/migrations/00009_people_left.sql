-- When each person left the production (projection of person.left), for
-- the walk-off surge on the production's home. Rows of people who left
-- before this column existed hold no time until `setsafe rebuild`
-- replays them from the ledger; `setsafe verify` names them until then.

-- +goose Up
ALTER TABLE people ADD COLUMN left_us INTEGER;

-- +goose Down
ALTER TABLE people DROP COLUMN left_us;
