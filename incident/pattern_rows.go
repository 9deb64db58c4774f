package incident

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// The projection table of patterns of repeated incidents.
const tablePatterns = "incident_patterns"

func init() {
	setsafe.RegisterTable[Pattern]()
	setsafe.AddToSituation(addPatterns)
}

// States of a pattern.
const (
	PatternStateOpen         = "open"         // raised, climbing the ladder until someone acknowledges it
	PatternStateAcknowledged = "acknowledged" // someone took charge; it still stops its work
	PatternStateReviewed     = "reviewed"     // its review is signed off: the work it stopped goes ahead
)

// Pattern is a pattern of repeated incidents that concern one thing (a
// kind, a hazard, a department, a firearm or a person): a warning sign
// that climbs the ladder and, for a firearm, a hazard or a person, stops
// that work until the safety coordinator and a producer sign off its
// review (WS-6).
type Pattern struct {
	ID string `db:"id,key" json:"id"`
	// Scope says what the incidents have in common (gate.PatternScopes),
	// About which one: a firearm's or person's ID, a hazard's, a
	// department's name, a kind of incident.
	Scope string `db:"scope" json:"scope"`
	About string `db:"about" json:"about"`
	What  string `db:"what" json:"what"`
	// Incidents are the incidents that made it, by ID, separated by
	// spaces.
	Incidents string    `db:"incidents" json:"-"`
	Count     int64     `db:"count" json:"count"`
	Days      int64     `db:"days" json:"days"`
	Last      time.Time `db:"last_us" json:"last"`
	RaisedAt  time.Time `db:"raised_us" json:"raised_at"`
	State     string    `db:"state" json:"state"`
	Rung      int64     `db:"rung" json:"rung"`
	// Deadline is when it next climbs unless acknowledged.
	Deadline         time.Time `db:"deadline_us" json:"deadline"`
	AcknowledgedBy   string    `db:"acknowledged_by" json:"acknowledged_by,omitempty"`
	Acknowledgement  string    `db:"acknowledgement" json:"acknowledgement,omitempty"`
	SafetySignedBy   string    `db:"safety_signed_by" json:"safety_signed_by,omitempty"`
	ProducerSignedBy string    `db:"producer_signed_by" json:"producer_signed_by,omitempty"`
	ReviewedAt       time.Time `db:"reviewed_us" json:"reviewed_at,omitzero"`
	LastSeq          int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Pattern) Table() string { return tablePatterns }

// Key implements setsafe.Row.
func (p *Pattern) Key() string { return p.ID }

// IncidentIDs returns the incidents that made the pattern.
func (p *Pattern) IncidentIDs() []string { return strings.Fields(p.Incidents) }

// InForce reports whether the pattern's review is not signed off yet.
func (p *Pattern) InForce() bool { return p.State != PatternStateReviewed }

// condition names what a pattern is about: its scope and key.
func condition(scope, key string) string { return scope + ":" + key }

var (
	patternsInForce   = setsafe.AddIndex(tablePatterns, func(r setsafe.Row) (string, bool) { return "", r.(*Pattern).InForce() })
	patternsByConcern = setsafe.AddIndex(tablePatterns, func(r setsafe.Row) (string, bool) {
		p := r.(*Pattern)
		return condition(p.Scope, p.About), true
	})
)

// FindPattern returns the pattern with the given ID, or nil.
func FindPattern(s *setsafe.State, id string) *Pattern {
	return setsafe.Lookup[*Pattern](s, tablePatterns, id)
}

// Patterns returns every pattern, latest raised first.
func Patterns(s *setsafe.State) []*Pattern {
	out := setsafe.All[*Pattern](s, tablePatterns)
	slices.SortStableFunc(out, func(a, b *Pattern) int { return b.RaisedAt.Compare(a.RaisedAt) })
	return out
}

// PatternsInForce returns the patterns whose review is not signed off,
// latest raised first.
func PatternsInForce(s *setsafe.State) []*Pattern {
	out := setsafe.Grouped[*Pattern](s, patternsInForce, "")
	slices.SortStableFunc(out, func(a, b *Pattern) int { return b.RaisedAt.Compare(a.RaisedAt) })
	return out
}

// lastReviewed is when the last review of the patterns about a thing was
// signed off: incidents recorded before it are reviewed already.
func lastReviewed(s *setsafe.State, scope, key string) (inForce bool, reviewed time.Time) {
	for _, p := range setsafe.Grouped[*Pattern](s, patternsByConcern, condition(scope, key)) {
		if p.InForce() {
			inForce = true
		}
		if p.ReviewedAt.After(reviewed) {
			reviewed = p.ReviewedAt
		}
	}
	return inForce, reviewed
}

// addPatterns tells the gate of the patterns in force that stop work.
func addPatterns(s *setsafe.State, sit *gate.Situation) {
	for _, p := range setsafe.Grouped[*Pattern](s, patternsInForce, "") {
		g := gate.Pattern{Scope: p.Scope, Key: p.About, What: p.What, Count: int(p.Count), Days: int(p.Days), Last: p.Last}
		if g.Stops() {
			sit.Patterns = append(sit.Patterns, g)
		}
	}
}
