package setsafe

import (
	"fmt"
	"slices"
)

// ReconcileDay records the armorer's count at wrap. Every firearm must be
// secured and every lot counted; whatever does not match the record is a
// discrepancy that blocks the next day's issues until resolved (FA-12).
type ReconcileDay struct {
	Counts []LotCount
	By     string
}

// Authorize implements Command.
func (c ReconcileDay) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ReconcileDay) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := ActingPerson(s, d, c.By); err != nil {
		return Outcome{}, err
	}
	counted := map[string]int64{}
	for _, n := range c.Counts {
		if s.AmmoLot(n.LotID) == nil {
			return Outcome{}, &Error{Code: EInvalid, Message: "Unknown lot.", Fields: map[string]string{"counts": fmt.Sprintf("lot %q is not in this production", n.LotID)}}
		}
		if n.Counted < 0 {
			return Outcome{}, &Error{Code: EInvalid, Message: "A count cannot be negative.", Fields: map[string]string{"counts": "must be 0 or more"}}
		}
		counted[n.LotID] = n.Counted
	}
	b := &DayReconciled{Day: s.Day(d.Now), Counts: slices.Clone(c.Counts), Discrepancies: []Found{}}
	found := func(format string, args ...any) {
		b.Discrepancies = append(b.Discrepancies, Found{ID: NewID(), What: fmt.Sprintf(format, args...)})
	}
	for _, f := range s.Firearms() {
		if f.Store == "" {
			found("%s is not secured; %s holds it", f.Name(), personName(s, f.Custodian))
		}
	}
	for _, l := range s.AmmoLots() {
		n, ok := counted[l.ID]
		switch {
		case !ok:
			found("lot %s was not counted", l.Label)
		case n < l.InStock:
			found("%d rounds of lot %s missing (counted %d, recorded %d)", l.InStock-n, l.Label, n, l.InStock)
		case n > l.InStock:
			found("%d rounds of lot %s more than recorded (counted %d, recorded %d)", n-l.InStock, l.Label, n, l.InStock)
		}
	}
	return one(b), nil
}

// ResolveDiscrepancy records how a discrepancy was resolved.
type ResolveDiscrepancy struct {
	ID         string
	Resolution string
}

// Authorize implements Command.
func (c ResolveDiscrepancy) Authorize(a Access, _ *State) error {
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c ResolveDiscrepancy) Decide(s *State, d Decision) (Outcome, error) {
	x := lookup[*Discrepancy](s, tableDiscrepancies, c.ID)
	if x == nil {
		return Outcome{}, Errorf(ENotFound, "There is no discrepancy %s.", c.ID)
	}
	p := Problems{}
	resolution := CleanReason(p, "resolution", c.Resolution, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if x.Resolved {
		return Outcome{}, nil
	}
	return one(&DiscrepancyResolved{ID: x.ID, Resolution: resolution}), nil
}
