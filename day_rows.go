package setsafe

import (
	"slices"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of the discrepancies end-of-day counts found.
const tableDiscrepancies = "discrepancies"

func init() {
	rowTypes[tableDiscrepancies] = func() Row { return new(Discrepancy) }
}

// Discrepancy is something an end-of-day count did not find as recorded:
// a firearm not secured, rounds missing or too many (FA-12). Until it is
// resolved, no firearm is issued on a later day.
type Discrepancy struct {
	ID         string `db:"id,key" json:"id"`
	Day        string `db:"day" json:"day"`
	What       string `db:"what" json:"what"`
	Resolved   bool   `db:"resolved" json:"resolved"`
	Resolution string `db:"resolution" json:"resolution,omitempty"`
	LastSeq    int64  `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Discrepancy) Table() string { return tableDiscrepancies }

// Key implements Row.
func (x *Discrepancy) Key() string { return x.ID }

// Discrepancies returns every discrepancy found, resolved or not.
func (s *State) Discrepancies() []*Discrepancy { return all[*Discrepancy](s, tableDiscrepancies) }

func (s *State) addCounts(sit *gate.Situation) {
	open := grouped[*Discrepancy](s, discrepanciesOpen, "")
	slices.SortFunc(open, byKey)
	for _, x := range open {
		sit.Discrepancies = append(sit.Discrepancies, gate.Discrepancy{Day: x.Day, What: x.What})
	}
	live := grouped[*LiveRoundReport](s, liveRoundsOpen, "")
	slices.SortFunc(live, byKey)
	for _, x := range live {
		sit.LiveRoundReports = append(sit.LiveRoundReports, x.At)
	}
}
