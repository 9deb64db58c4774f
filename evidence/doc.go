// Package evidence writes and verifies setsafe's evidence bundles: one
// file that an investigator, an insurer or a union verifies with nothing
// but the bundle and the keys they trust, offline.
//
// The package depends on nothing of setsafe: only the standard library,
// the Merkle tree library (github.com/transparency-dev/merkle) and the
// signed-note library (golang.org/x/mod/sumdb/note), so that an expert can
// read all the code that decides whether a bundle holds in one sitting.
// Command setsafe-verify is built from it.
//
// # The bundle
//
// A bundle is a zip archive whose members are stored, not compressed,
// written in this order:
//
//	entries.bin      the ledger's entries From..To, one record each
//	checkpoints.bin  the signed checkpoints of the ledger whose size is in
//	                 From-1..To, and the head checkpoint beyond To, each
//	                 with the witnesses' cosignatures on its note
//	attachments/SHA  the files the entries attach, named by the hex SHA-256
//	                 of their content
//	attestation.txt  a signed compliance statement, if there is one
//	manifest.json    what the bundle holds and the proofs that tie it to
//	                 the checkpoints (see [Manifest])
//	verifier-key.txt the verifier key the bundle states (the reader checks
//	                 with a key they got elsewhere)
//	README.txt       how to verify it
//
// A record of entries.bin is, integers big-endian:
//
//	u64  sequence number
//	u8   kind: 0 entry, 1 withheld entry
//	32   the entry's leaf hash, SHA-256(0x00 || entry)
//	kind 0: u32 length, then the entry's bytes (setsafe's entry format 1)
//	kind 1: u16 length, then the entry's type as the exporter states it
//
// The leaf hash beside each entry lets a verifier name the one entry whose
// bytes changed; the tree built from the leaf hashes proves every entry's
// place: the left edge in the manifest (the roots of the perfect subtrees
// of entries 1..From-1) and the leaf hashes From..To give the root of
// every checkpoint of a size in From..To, which must match its signature,
// and the consistency proof in the manifest takes the tree of size To to
// the head checkpoint. A withheld entry keeps its place and its hash, and
// nothing else.
//
// A record of checkpoints.bin is a u32 length, then a signed note in the
// C2SP tlog-checkpoint format, signed by the ledger's key and cosigned
// (C2SP tlog-cosignature) by the witnesses that cosigned it; in order of
// size.
//
// Every member's zip header says only its name, that it is stored, and as
// its modification time the bundle's creation time (the manifest's
// created_at, to the second, in UTC), with the sizes and checksum in a data
// descriptor after its contents, as Go's archive/zip writes them; so the
// same members make the same archive. The verifier rebuilds the archive
// from its members so and compares it byte for byte with the file, so that
// no byte of the bundle escapes a check: a change in a zip header is caught
// as surely as one in an entry. manifest.json, verifier-key.txt and
// README.txt are also written again from the manifest and compared.
package evidence
