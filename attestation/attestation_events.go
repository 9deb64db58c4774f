package attestation

import (
	"fmt"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[Signed](1, "Compliance attestation signed")
}

// Signed records a compliance attestation signed with the site's key:
// what its statement was built from and the SHA-256 of its text. The
// signed note itself is not kept: it is built again from the ledger,
// the same byte for byte, and checked against the hash.
type Signed struct {
	ID string `json:"id"`
	// From and To are the period's dates on the set's clock, in TimeZone:
	// from the start of From until the start of To.
	From     string `json:"from"`
	To       string `json:"to"`
	TimeZone string `json:"time_zone"`
	// Production is the production's name as the statement states it.
	Production string `json:"production"`
	// First and Last are the entries of the period.
	First int64 `json:"first"`
	Last  int64 `json:"last"`
	// CheckpointSize is the checkpoint the statement rests on.
	CheckpointSize int64 `json:"checkpoint_size"`
	// StatementSHA256 is the hex SHA-256 of the statement's text.
	StatementSHA256 string `json:"statement_sha256"`
	// Counts says how many entries each count of the statement holds.
	Counts []Tally `json:"counts"`
	// Profile is the safety profile the statement names.
	Profile string `json:"profile"`
	// SignedBy is the person who signed; "" for the operator at the
	// command line.
	SignedBy string `json:"signed_by,omitempty"`
}

// Tally is one count of a statement, by its name.
type Tally struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// EventType implements setsafe.Body.
func (*Signed) EventType() string { return "attestation.signed" }

// Fold implements setsafe.EventBody: a statement speaks of entries
// recorded before it, in a checkpoint signed before it.
func (b *Signed) Fold(f *setsafe.Folding, e setsafe.Event) error {
	if b.First < 1 || b.Last < b.First || b.CheckpointSize < b.Last || b.CheckpointSize >= e.Seq {
		return fmt.Errorf("an attestation of entries %d to %d in a checkpoint at size %d cannot be recorded as entry %d", b.First, b.Last, b.CheckpointSize, e.Seq)
	}
	return nil
}

// References implements setsafe.EventBody.
func (b *Signed) References() setsafe.References {
	if b.SignedBy == "" {
		return setsafe.References{}
	}
	return setsafe.References{People: []string{b.SignedBy}}
}
