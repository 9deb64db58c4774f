// Package ledger makes setsafe's event ledgers tamper-evident.
//
// Each ledger (one per production, and the site ledger) is an append-only
// Merkle tree as in RFC 6962 (Certificate Transparency): every event is
// encoded into an entry (see [EncodeEntry]), whose leaf hash is
// SHA-256(0x00 || entry); interior nodes are SHA-256(0x01 || left || right).
// The server signs checkpoints — the tree size and root hash — in the C2SP
// signed-note format with an Ed25519 key kept outside the database, so that
// whoever holds a verifier key can check, offline, that no entry was changed,
// removed or reordered.
//
// This package holds the pure parts: entry encoding, tree hashing, signing,
// proofs and the checks that verification runs. It reads no database; package
// sqldb feeds it.
package ledger
