-- Files attached to firearms, training records and permits: photos and
-- certificates. The ledger refers to each by its SHA-256, so verification
-- checks them like entries. Files are evidence: never changed or deleted.

-- +goose Up
CREATE TABLE files (
    ledger_id    TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB    NOT NULL,
    stored_us    INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, sha256)
);
-- +goose StatementBegin
CREATE TRIGGER files_never_updated BEFORE UPDATE ON files
BEGIN SELECT RAISE(ABORT, 'files are evidence and are never changed'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER files_never_deleted BEFORE DELETE ON files
BEGIN SELECT RAISE(ABORT, 'files are evidence and are never deleted'); END;
-- +goose StatementEnd

-- +goose Down
-- There is no way down: files are evidence.
