package setsafe

import (
	"cmp"
	"slices"
	"time"
)

// The projection table of check-ins: each person's latest.
const tableCheckIns = "checkins"

func init() {
	rowTypes[tableCheckIns] = func() Row { return new(CheckIn) }
}

// CheckIn is a person's latest check-in on set: the set's day it counts
// for, since when, and whether and when they checked out. A check-in
// counts only on its day: one left from an earlier day (someone forgot to
// check out) no longer does.
type CheckIn struct {
	PersonID    string    `db:"person_id,key" json:"person_id"`
	Day         string    `db:"day" json:"day"`
	Since       time.Time `db:"since_us" json:"since"`
	ConfirmedBy string    `db:"confirmed_by" json:"confirmed_by"`
	CheckedOut  bool      `db:"checked_out" json:"checked_out"`
	OutAt       time.Time `db:"out_us" json:"out_at,omitzero"`
	// OutBy is who checked the person out: themselves, or someone who
	// runs the day.
	OutBy   string `db:"out_by" json:"out_by,omitempty"`
	LastSeq int64  `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*CheckIn) Table() string { return tableCheckIns }

// Key implements Row.
func (c *CheckIn) Key() string { return c.PersonID }

// CheckIn returns a person's latest check-in, or nil if they never
// checked in.
func (s *State) CheckIn(personID string) *CheckIn {
	if personID == "" {
		return nil
	}
	return lookup[*CheckIn](s, tableCheckIns, personID)
}

// OnSite reports whether a person is on site at now: checked in on the
// set's day now falls on, and not checked out since.
func (s *State) OnSite(personID string, now time.Time) bool { return s.onSiteOn(personID, s.Day(now)) }

// onSiteOn says whether a person is checked in on the set's day and has
// not checked out: OnSite for a caller that knows the day already.
func (s *State) onSiteOn(personID, day string) bool {
	c := s.CheckIn(personID)
	return c != nil && !c.CheckedOut && c.Day == day
}

// OnSiteNow returns the people on site at now, still on the production,
// by name; their check-ins say since when (see [State.CheckIn]).
func (s *State) OnSiteNow(now time.Time) []*Person {
	var out []*Person
	for _, c := range grouped[*CheckIn](s, checkedInByDay, s.Day(now)) {
		if p := s.Person(c.PersonID); p != nil && p.Active {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *Person) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out
}
