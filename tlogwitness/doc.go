// Package tlogwitness is the client side of the C2SP tlog-witness protocol
// (https://c2sp.org/tlog-witness): it asks a witness to cosign a
// checkpoint, giving the size the witness last saw and the consistency
// proof from it, and says what the witness answered.
//
// A witness cosigns a checkpoint only if it extends, by a valid proof,
// the last one it cosigned for the same log. A ledger that was cut short,
// restored from an older copy, or rewritten and signed again cannot get a
// cosignature from a witness that saw it before.
package tlogwitness
