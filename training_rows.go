package setsafe

import (
	"slices"
	"time"
)

// The projection table of training records.
const tableTrainings = "trainings"

func init() {
	rowTypes[tableTrainings] = func() Row { return new(Training) }
}

// Training is a course a person completed.
type Training struct {
	ID       string `db:"id,key" json:"id"`
	PersonID string `db:"person_id" json:"person_id"`
	Course   string `db:"course" json:"course"`
	Provider string `db:"provider" json:"provider"`
	// Firearms is true for a course that qualifies its holder to handle
	// firearms on set.
	Firearms  bool      `db:"firearms" json:"firearms"`
	Hours     int64     `db:"hours" json:"hours"`
	Completed time.Time `db:"completed_us" json:"completed"`
	// Expires is zero when the course has no expiry of its own.
	Expires time.Time `db:"expires_us" json:"expires,omitzero"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Training) Table() string { return tableTrainings }

// Key implements Row.
func (t *Training) Key() string { return t.ID }

// Trainings returns every training record, ordered by ID.
func (s *State) Trainings() []*Training { return all[*Training](s, tableTrainings) }

// Training returns the training record with the given ID, or nil.
func (s *State) Training(id string) *Training { return lookup[*Training](s, tableTrainings, id) }

// TrainingsOf returns a person's training records, ordered by ID.
func (s *State) TrainingsOf(personID string) []*Training {
	out := grouped[*Training](s, trainingsByPerson, personID)
	slices.SortFunc(out, byKey)
	return out
}
