-- The duties someone who may grant the armorer role recorded a person's
-- job title does not mean on the production (projection of
-- person.title_duties_set_aside, FA-4), separated by spaces; empty until
-- such a ruling and again once the title changes.

-- +goose Up
ALTER TABLE people ADD COLUMN title_duties_set_aside TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE people DROP COLUMN title_duties_set_aside;
