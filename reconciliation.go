package setsafe

import (
	"fmt"
	"slices"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection tables of counts and live rounds.
const (
	tableDiscrepancies = "discrepancies"
	tableLiveRounds    = "live_round_reports"
)

func init() {
	rowTypes[tableDiscrepancies] = func() Row { return new(Discrepancy) }
	rowTypes[tableLiveRounds] = func() Row { return new(LiveRoundReport) }
	register[DayReconciled](1)
	register[DiscrepancyResolved](1)
	register[LiveRoundReported](1)
	register[LiveRoundCleared](1)
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

// LiveRoundReport is a report of a live round on set (AM-1). Until the
// armorer removes it and a second person verifies, firearm work stops.
type LiveRoundReport struct {
	ID          string    `db:"id,key" json:"id"`
	Description string    `db:"description" json:"description"`
	ReportedBy  string    `db:"reported_by" json:"reported_by"`
	At          time.Time `db:"at_us" json:"at"`
	Cleared     bool      `db:"cleared" json:"cleared"`
	RemovedBy   string    `db:"removed_by" json:"removed_by,omitempty"`
	VerifiedBy  string    `db:"verified_by" json:"verified_by,omitempty"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*LiveRoundReport) Table() string { return tableLiveRounds }

// Key implements Row.
func (x *LiveRoundReport) Key() string { return x.ID }

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

// DiscrepancyResolved records how a discrepancy was resolved.
type DiscrepancyResolved struct {
	ID         string `json:"id"`
	Resolution string `json:"resolution"`
}

func (b *DiscrepancyResolved) apply(s *State, e Event) error {
	x := edit(lookup[*Discrepancy](s, tableDiscrepancies, b.ID))
	if x == nil {
		return fmt.Errorf("discrepancy %s does not exist", b.ID)
	}
	x.Resolved, x.Resolution, x.LastSeq = true, b.Resolution, e.Seq
	s.put(x)
	return nil
}

// LiveRoundReported records a live round found or suspected on set.
type LiveRoundReported struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	ReportedBy  string `json:"reported_by"`
}

func (b *LiveRoundReported) apply(s *State, e Event) error {
	if lookup[*LiveRoundReport](s, tableLiveRounds, b.ID) != nil {
		return fmt.Errorf("live round report %s exists already", b.ID)
	}
	s.put(&LiveRoundReport{ID: b.ID, Description: b.Description, ReportedBy: b.ReportedBy, At: e.Time, LastSeq: e.Seq})
	return nil
}

// LiveRoundCleared records the armorer removing a reported live round and
// a second person verifying it is gone.
type LiveRoundCleared struct {
	ID         string `json:"id"`
	RemovedBy  string `json:"removed_by"`
	VerifiedBy string `json:"verified_by"`
}

func (b *LiveRoundCleared) apply(s *State, e Event) error {
	x := edit(lookup[*LiveRoundReport](s, tableLiveRounds, b.ID))
	if x == nil {
		return fmt.Errorf("live round report %s does not exist", b.ID)
	}
	x.Cleared, x.RemovedBy, x.VerifiedBy, x.LastSeq = true, b.RemovedBy, b.VerifiedBy, e.Seq
	s.put(x)
	return nil
}

// EventType implementations.
func (*DayReconciled) EventType() string       { return "day.reconciled" }
func (*DiscrepancyResolved) EventType() string { return "discrepancy.resolved" }
func (*LiveRoundReported) EventType() string   { return "live_round.reported" }
func (*LiveRoundCleared) EventType() string    { return "live_round.cleared" }

// Discrepancies returns every discrepancy found, resolved or not.
func (s *State) Discrepancies() []*Discrepancy { return all[*Discrepancy](s, tableDiscrepancies) }

// LiveRoundReports returns every live round report, cleared or not.
func (s *State) LiveRoundReports() []*LiveRoundReport {
	return all[*LiveRoundReport](s, tableLiveRounds)
}

// LiveRoundReport returns the live round report with the given ID, or nil.
func (s *State) LiveRoundReport(id string) *LiveRoundReport {
	return lookup[*LiveRoundReport](s, tableLiveRounds, id)
}

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
	if _, err := actingPerson(s, d, c.By); err != nil {
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

func personName(s *State, id string) string {
	if p := s.Person(id); p != nil {
		return p.Name
	}
	return "nobody on record"
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
	resolution := cleanReason(p, "resolution", c.Resolution, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if x.Resolved {
		return Outcome{}, nil
	}
	return one(&DiscrepancyResolved{ID: x.ID, Resolution: resolution}), nil
}

// ReportLiveRound reports a live round found or suspected on set. Anyone
// may; all firearm work stops at once (AM-1).
type ReportLiveRound struct {
	ID          string
	Description string
	By          string
}

// Authorize implements Command.
func (c ReportLiveRound) Authorize(a Access, _ *State) error { return a.Require(PermTakePart) }

// Decide implements Command.
func (c ReportLiveRound) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	desc := cleanReason(p, "description", c.Description, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*LiveRoundReport](s, tableLiveRounds, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Report %s exists already.", c.ID)
	}
	return one(&LiveRoundReported{ID: c.ID, Description: desc, ReportedBy: by}), nil
}

// ClearLiveRound records the armorer removing a reported live round, with
// a second person (who confirmed with their PIN) verifying it is gone.
type ClearLiveRound struct {
	ID         string
	VerifiedBy string
	By         string
}

// Authorize implements Command.
func (c ClearLiveRound) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c ClearLiveRound) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	x := lookup[*LiveRoundReport](s, tableLiveRounds, c.ID)
	if x == nil {
		return Outcome{}, Errorf(ENotFound, "There is no live round report %s.", c.ID)
	}
	if _, err := activePerson(s, c.VerifiedBy); err != nil {
		return Outcome{}, err
	}
	if c.VerifiedBy == by {
		return Outcome{}, &Error{Code: EInvalid, Message: "A second person verifies.", Fields: map[string]string{"verified_by": "must be someone other than the armorer"}}
	}
	if x.Cleared {
		return Outcome{}, nil
	}
	return one(&LiveRoundCleared{ID: x.ID, RemovedBy: by, VerifiedBy: c.VerifiedBy}), nil
}
