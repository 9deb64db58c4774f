-- A production chooses the stock of label sheets its firearm and
-- ammunition labels print on; empty is the default stock (a4-3x8).

-- +goose Up
ALTER TABLE productions ADD COLUMN label_stock TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE productions DROP COLUMN label_stock;
