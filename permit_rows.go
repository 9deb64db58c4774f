package setsafe

import (
	"slices"
	"time"
)

// The projection table of permits.
const tablePermits = "permits"

func init() {
	rowTypes[tablePermits] = func() Row { return new(Permit) }
}

// Permit is an armorer's permit or licence.
type Permit struct {
	ID       string    `db:"id,key" json:"id"`
	PersonID string    `db:"person_id" json:"person_id"`
	Kind     string    `db:"kind" json:"kind"`
	Number   string    `db:"number" json:"number"`
	Issuer   string    `db:"issuer" json:"issuer"`
	Expires  time.Time `db:"expires_us" json:"expires,omitzero"`
	LastSeq  int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Permit) Table() string { return tablePermits }

// Key implements Row.
func (p *Permit) Key() string { return p.ID }

// Permits returns every permit record, ordered by ID.
func (s *State) Permits() []*Permit { return all[*Permit](s, tablePermits) }

// Permit returns the permit with the given ID, or nil.
func (s *State) Permit(id string) *Permit { return lookup[*Permit](s, tablePermits, id) }

// PermitsOf returns a person's permit records, ordered by ID.
func (s *State) PermitsOf(personID string) []*Permit {
	out := grouped[*Permit](s, permitsByPerson, personID)
	slices.SortFunc(out, byKey)
	return out
}
