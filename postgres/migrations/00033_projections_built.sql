-- The fingerprint of the projection tables the database was last built
-- for: a server that keeps other tables rebuilds them from the ledgers at
-- start (see sqldb/upgrade.go).

-- +goose Up
CREATE TABLE projections_built (
    id          INTEGER NOT NULL PRIMARY KEY,
    fingerprint TEXT    NOT NULL,
    built_us    BIGINT  NOT NULL
);

-- +goose Down
DROP TABLE projections_built;
