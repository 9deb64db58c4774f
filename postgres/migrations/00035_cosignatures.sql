-- Witnesses' cosignatures of checkpoints (C2SP tlog-cosignature), kept
-- beside the checkpoint they sign: evidence, never changed or deleted.
-- Each is the signature line a witness returned, which verifies over the
-- checkpoint's note text with the witness's verifier key.

-- +goose Up
CREATE TABLE cosignatures (
    ledger_id   TEXT   NOT NULL,
    size        BIGINT NOT NULL,
    witness     TEXT   NOT NULL,
    key_hash    TEXT   NOT NULL,
    line        TEXT   NOT NULL,
    cosigned_us BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, size, witness, key_hash)
);
CREATE TRIGGER cosignatures_never_changed BEFORE UPDATE OR DELETE ON cosignatures
    FOR EACH ROW EXECUTE FUNCTION setsafe_evidence_is_never_changed();
CREATE TRIGGER cosignatures_never_truncated BEFORE TRUNCATE ON cosignatures
    FOR EACH STATEMENT EXECUTE FUNCTION setsafe_evidence_is_never_changed();

-- +goose Down
DROP TABLE cosignatures;
