-- The crew list is read by name a part at a time (the API's people list,
-- with a cursor): the index gives each part in order from where the last
-- one ended, however large the crew, without sorting the whole list.

-- +goose Up
CREATE INDEX people_by_name ON people (ledger_id, name, id);

-- +goose Down
DROP INDEX people_by_name;
