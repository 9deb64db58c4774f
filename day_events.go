package setsafe

import "fmt"

func init() {
	register[DayReconciled](1, "End-of-day count")
	register[DiscrepancyResolved](1, "Count discrepancy resolved")
}

// LotCount is the rounds of a lot counted in its box at wrap.
type LotCount struct {
	LotID   string `json:"lot_id"`
	Counted int64  `json:"counted"`
}

// Found is one discrepancy an end-of-day count found.
type Found struct {
	ID   string `json:"id"`
	What string `json:"what"`
}

// DayReconciled records the end-of-day count: what was counted, and what
// did not match the record.
type DayReconciled struct {
	Day           string     `json:"day"`
	Counts        []LotCount `json:"counts"`
	Discrepancies []Found    `json:"discrepancies"`
}

// EventType implements Body.
func (*DayReconciled) EventType() string { return "day.reconciled" }

func (b *DayReconciled) apply(s *State, e Event) error {
	seen := map[string]bool{}
	for _, f := range b.Discrepancies {
		if seen[f.ID] || lookup[*Discrepancy](s, tableDiscrepancies, f.ID) != nil {
			return fmt.Errorf("discrepancy %s exists already", f.ID)
		}
		seen[f.ID] = true
	}
	for _, f := range b.Discrepancies {
		s.put(&Discrepancy{ID: f.ID, Day: b.Day, What: f.What, LastSeq: e.Seq})
	}
	return nil
}

func (*DayReconciled) refers() References { return References{} }

// DiscrepancyResolved records how a discrepancy was resolved.
type DiscrepancyResolved struct {
	ID         string `json:"id"`
	Resolution string `json:"resolution"`
}

// EventType implements Body.
func (*DiscrepancyResolved) EventType() string { return "discrepancy.resolved" }

func (b *DiscrepancyResolved) apply(s *State, e Event) error {
	x := edit(lookup[*Discrepancy](s, tableDiscrepancies, b.ID))
	if x == nil {
		return fmt.Errorf("discrepancy %s does not exist", b.ID)
	}
	x.Resolved, x.Resolution, x.LastSeq = true, b.Resolution, e.Seq
	s.put(x)
	return nil
}

func (*DiscrepancyResolved) refers() References { return References{} }
