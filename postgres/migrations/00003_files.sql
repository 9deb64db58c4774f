-- Files attached to firearms, training records and permits: photos and
-- certificates. The ledger refers to each by its SHA-256, so verification
-- checks them like entries. Files are evidence: never changed or deleted.

-- +goose Up
CREATE TABLE files (
    ledger_id    TEXT   NOT NULL,
    sha256       TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    data         BYTEA  NOT NULL,
    stored_us    BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, sha256)
);
CREATE TRIGGER files_never_changed BEFORE UPDATE OR DELETE ON files
    FOR EACH ROW EXECUTE FUNCTION setsafe_evidence_is_never_changed();
CREATE TRIGGER files_never_truncated BEFORE TRUNCATE ON files
    FOR EACH STATEMENT EXECUTE FUNCTION setsafe_evidence_is_never_changed();

-- +goose Down
-- There is no way down: files are evidence.
