package setsafe

import (
	"fmt"
	"time"

	"github.com/setsafe/setsafe/gate"
)

func init() {
	register[PreparationRecorded](1, "Preparation recorded")
}

// PreparationRecorded records a preparation a set-up's hazards need (see
// gate.PreparationKinds), made on the day by someone qualified to make it,
// with the facts its kind states. A later record of the same kind for the
// set-up supersedes it; the ledger keeps both.
type PreparationRecorded struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	SetUpID string `json:"setup_id"`
	// By is the person who made it.
	By string `json:"by"`
	// Ready is true when By says it is done and sound.
	Ready bool `json:"ready"`
	// Notes are shown beside it; the gate does not read them.
	Notes string `json:"notes,omitempty"`
	// FileID is, for a kind with a written document, the SHA-256 of the
	// document attached to the set-up.
	FileID string `json:"file_id,omitempty"`
	// WindowFrom, WindowUntil and ConfirmedBy are, for a window, when it
	// holds and who outside the production confirmed it.
	WindowFrom  time.Time `json:"window_from,omitzero"`
	WindowUntil time.Time `json:"window_until,omitzero"`
	ConfirmedBy string    `json:"confirmed_by,omitempty"`
	// Limit and Reading are, for a limit, in the kind's unit.
	Limit   *float64 `json:"limit,omitempty"`
	Reading *float64 `json:"reading,omitempty"`
	// Count is, for a count, how many.
	Count int64 `json:"count,omitempty"`
	// OccurredAt is when it was done; the entry's own time when zero.
	OccurredAt time.Time `json:"occurred_at,omitzero"`
}

// EventType implements Body.
func (*PreparationRecorded) EventType() string { return "preparation.recorded" }

func (b *PreparationRecorded) apply(s *State, e Event) error {
	if s.SetUp(b.SetUpID) == nil {
		return fmt.Errorf("set-up %s does not exist", b.SetUpID)
	}
	if _, ok := gate.FindPreparationKind(b.Kind); !ok {
		return fmt.Errorf("unknown kind of preparation %q", b.Kind)
	}
	if s.Preparation(b.ID) != nil {
		return fmt.Errorf("preparation %s exists already", b.ID)
	}
	at := occurred(b.OccurredAt, e.Time)
	p := &Preparation{ID: b.ID, Kind: b.Kind, SetUpID: b.SetUpID, Day: s.Day(at), By: b.By, Ready: b.Ready, Notes: b.Notes,
		FileID: b.FileID, WindowFrom: b.WindowFrom, WindowUntil: b.WindowUntil, ConfirmedBy: b.ConfirmedBy, Count: b.Count,
		At: at, RecordedAt: e.Time, LastSeq: e.Seq}
	if b.Limit != nil {
		p.Limit = *b.Limit
	}
	if b.Reading != nil {
		p.Reading = *b.Reading
	}
	s.put(p)
	return nil
}

func (b *PreparationRecorded) refers() References {
	return References{People: named(b.By), SetUp: b.SetUpID}
}
