// Package witness keeps the witnesses of a production's ledger: the
// outside parties (the union, the insurer, the studio, a public witness)
// that cosign its checkpoints, as C2SP tlog-witness describes.
//
// An insider who holds the database and the signing key could rewrite a
// ledger's history and sign it again; only a checkpoint held outside
// catches that. A witness remembers the last checkpoint it cosigned and
// refuses one that does not extend it. So those who answer for safety
// configure the witnesses (witness.added, witness.removed), how many of
// them must cosign a checkpoint for it to be final (witness.quorum_set),
// and which rungs of the escalation ladder receive a copy of final
// checkpoints (witness.copies_set).
//
// A witness refusing a checkpoint because the ledger does not extend what
// it saw is an alarm: setsafe records it itself (witness.refused), tells
// the producers and safety coordinators and the studio's safety rung at
// once, and climbs the escalation ladder on the clock of a critical
// concern until someone acknowledges it or resolves it, saying what they
// found. One refusal per witness is open at a time, so that a witness
// that keeps refusing does not flood the ledger.
//
// Cosignatures themselves are kept beside the checkpoints they sign, not
// in the ledger; whether a checkpoint is final is [Final], a pure function
// of the witnesses configured, the quorum and who cosigned it.
//
// The package registers its event types, tables, permissions and clock
// items with the core in its init (see setsafe.Register): the core never
// imports it, and a program that reads a production's ledger links it in.
package witness
