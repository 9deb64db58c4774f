package attestation

import (
	"time"

	"github.com/setsafe/setsafe"
)

// Attestation is a signed attestation as its entry in the ledger says.
// Attestations are few and read seldom, so they are read from their
// entries ([Store.EachEntry] with attestation.signed) rather than kept in
// a table of their own.
type Attestation struct {
	Signed
	// Seq is the entry that records it, and SignedAt its time.
	Seq      int64     `json:"seq"`
	SignedAt time.Time `json:"signed_at"`
	// Actor is who recorded it: the person's account, or the operator.
	Actor string `json:"actor"`
}

// FromEvent returns the attestation an attestation.signed entry records,
// or nil for an entry of another type.
func FromEvent(e setsafe.Event) *Attestation {
	b, ok := e.Body.(*Signed)
	if !ok {
		return nil
	}
	return &Attestation{Signed: *b, Seq: e.Seq, SignedAt: e.Time, Actor: e.Actor.String()}
}
