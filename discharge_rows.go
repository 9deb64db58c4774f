package setsafe

import (
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection tables of warning signs.
const (
	tableDischarges = "discharges"
	tableSignOffs   = "review_signoffs"
)

func init() {
	rowTypes[tableDischarges] = func() Row { return new(Discharge) }
	rowTypes[tableSignOffs] = func() Row { return new(ReviewSignOff) }
}

// Discharge is a misfire, unintended discharge or malfunction, and its
// investigation (WS-1).
type Discharge struct {
	ID          string `db:"id,key" json:"id"`
	FirearmID   string `db:"firearm_id" json:"firearm_id"`
	Kind        string `db:"kind" json:"kind"`
	Description string `db:"description" json:"description"`
	ReportedBy  string `db:"reported_by" json:"reported_by"`
	// At is when it was reported, the time of its entry; OccurredAt is
	// when it happened, as the report says (the same as At when it did not
	// say).
	At               time.Time `db:"at_us" json:"at"`
	OccurredAt       time.Time `db:"occurred_us" json:"occurred_at"`
	Investigated     bool      `db:"investigated" json:"investigated"`
	Findings         string    `db:"findings" json:"findings,omitempty"`
	CorrectiveAction string    `db:"corrective_action" json:"corrective_action,omitempty"`
	LastSeq          int64     `db:"last_seq" json:"last_seq"`
}

// Occurred returns when the discharge happened: as its report says, or
// when it was reported, for a report made before reports could say.
func (x *Discharge) Occurred() time.Time { return occurred(x.OccurredAt, x.At) }

// occurred returns when something happened: at, or recorded when at is
// zero.
func occurred(at, recorded time.Time) time.Time {
	if at.IsZero() {
		return recorded
	}
	return at
}

// Table implements Row.
func (*Discharge) Table() string { return tableDischarges }

// Key implements Row.
func (x *Discharge) Key() string { return x.ID }

// ReviewSignOff is one signature under the review that lets firearm work
// resume after repeated warning signs (WS-2): the compliance contact's or
// a producer's.
type ReviewSignOff struct {
	PersonID string    `db:"person_id,key" json:"person_id"`
	Capacity string    `db:"capacity,key" json:"capacity"`
	Note     string    `db:"note" json:"note"`
	At       time.Time `db:"at_us" json:"at"`
	LastSeq  int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*ReviewSignOff) Table() string { return tableSignOffs }

// Key implements Row.
func (r *ReviewSignOff) Key() string { return r.PersonID + "/" + r.Capacity }

// Sign-off capacities.
const (
	CapacityCompliance = "compliance_contact"
	CapacityProducer   = "producer"
)

// Discharges returns every recorded discharge, ordered by ID.
func (s *State) Discharges() []*Discharge { return all[*Discharge](s, tableDischarges) }

// Discharge returns the discharge report with the given ID, or nil.
func (s *State) Discharge(id string) *Discharge { return lookup[*Discharge](s, tableDischarges, id) }

// reviews returns when the review of repeated warning signs was last
// complete: once both the compliance contact and a producer signed.
func (s *State) reviews() []time.Time {
	var compliance, producer time.Time
	for _, r := range all[*ReviewSignOff](s, tableSignOffs) {
		switch {
		case r.Capacity == CapacityCompliance && r.At.After(compliance):
			compliance = r.At
		case r.Capacity == CapacityProducer && r.At.After(producer):
			producer = r.At
		}
	}
	if compliance.IsZero() || producer.IsZero() {
		return nil
	}
	if compliance.Before(producer) {
		return []time.Time{compliance}
	}
	return []time.Time{producer}
}

func (s *State) addWarningSigns(sit *gate.Situation) {
	for _, x := range s.Discharges() {
		sit.Discharges = append(sit.Discharges, gate.Discharge{ID: x.ID, Firearm: x.FirearmID, At: x.Occurred(), Recorded: x.At, Investigated: x.Investigated})
	}
	sit.Reviews = s.reviews()
}
