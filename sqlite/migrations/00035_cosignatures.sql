-- Witnesses' cosignatures of checkpoints (C2SP tlog-cosignature), kept
-- beside the checkpoint they sign: evidence, never changed or deleted.
-- Each is the signature line a witness returned, which verifies over the
-- checkpoint's note text with the witness's verifier key.

-- +goose Up
CREATE TABLE cosignatures (
    ledger_id   TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    witness     TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL,
    line        TEXT    NOT NULL,
    cosigned_us INTEGER NOT NULL,
    PRIMARY KEY (ledger_id, size, witness, key_hash)
) WITHOUT ROWID;
-- +goose StatementBegin
CREATE TRIGGER cosignatures_never_updated BEFORE UPDATE ON cosignatures
BEGIN SELECT RAISE(ABORT, 'cosignatures are evidence and are never changed'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER cosignatures_never_deleted BEFORE DELETE ON cosignatures
BEGIN SELECT RAISE(ABORT, 'cosignatures are evidence and are never deleted'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE cosignatures;
