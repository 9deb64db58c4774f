package incident

import (
	"github.com/setsafe/setsafe"
)

// WatchPatterns raises the patterns the production's incidents make that
// are not raised yet (WS-6). setsafe's clock sends it after an entry that
// opened or changed an incident; it records nothing when there are none.
type WatchPatterns struct{}

// Authorize implements setsafe.Command.
func (WatchPatterns) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return setsafe.OnlyTheClock(a, "looks for patterns of incidents")
}

// Decide implements setsafe.Command.
func (WatchPatterns) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	var out setsafe.Outcome
	deadline := d.Now.Add(s.Clock(setsafe.SeverityHigh).Acknowledge())
	for _, f := range FindPatterns(s, d.Now) {
		out.Events = append(out.Events, setsafe.Draft{Body: &PatternRaised{ID: setsafe.NewID(), Scope: f.Scope, About: f.Key, What: f.What,
			Incidents: f.Incidents, Days: int64(f.Days), Last: f.Last, Deadline: deadline}})
	}
	return out, nil
}

// EscalatePattern climbs a pattern nobody acknowledged in time to the next
// rung of the ladder with someone on it, on the clock of a high concern.
// setsafe's clock sends it; when it is not due, nothing is recorded.
type EscalatePattern struct {
	ID string
}

// Authorize implements setsafe.Command.
func (c EscalatePattern) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return setsafe.OnlyTheClock(a, "climbs a pattern of incidents up the ladder")
}

// Decide implements setsafe.Command.
func (c EscalatePattern) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	p := FindPattern(s, c.ID)
	if p == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no pattern %s.", c.ID)
	}
	next, ok := s.NextRungAfter(p.Rung)
	if !ok || p.State != PatternStateOpen || p.Deadline.IsZero() || d.Now.Before(p.Deadline) {
		return setsafe.Outcome{}, nil
	}
	return one(&PatternEscalated{ID: p.ID, Rung: next, Missed: p.Deadline, Deadline: d.Now.Add(s.Clock(setsafe.SeverityHigh).Acknowledge())}), nil
}

// AcknowledgePattern records someone who investigates incidents taking
// charge of a pattern, saying what they are doing about it: it stops
// climbing the ladder, and still stops its work until its review is
// signed off.
type AcknowledgePattern struct {
	ID     string
	Reason string
	By     string
}

// Authorize implements setsafe.Command.
func (c AcknowledgePattern) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermInvestigate)
}

// Decide implements setsafe.Command.
func (c AcknowledgePattern) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	p := FindPattern(s, c.ID)
	if p == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no pattern %s.", c.ID)
	}
	pr := setsafe.Problems{}
	reason := setsafe.CleanReason(pr, "reason", c.Reason, true)
	if err := pr.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if p.State != PatternStateOpen {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "This pattern is %s already.", p.State)
	}
	return one(&PatternAcknowledged{ID: p.ID, By: by, Reason: reason}), nil
}

// SignOffPatternReview signs off the review of a pattern, as the safety
// coordinator or as a producer (or unit production manager); with both,
// the work it stopped goes ahead and incidents count anew.
type SignOffPatternReview struct {
	ID       string
	Capacity string
	Note     string
	By       string
}

// Authorize implements setsafe.Command.
func (c SignOffPatternReview) Authorize(a setsafe.Access, s *setsafe.State) error {
	return SignOffInvestigation{Capacity: c.Capacity}.Authorize(a, s)
}

// Decide implements setsafe.Command.
func (c SignOffPatternReview) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	pr := setsafe.Problems{}
	setsafe.OneOf(pr, "capacity", c.Capacity, []string{CapacitySafety, CapacityProducer})
	note := setsafe.CleanReason(pr, "note", c.Note, true)
	if err := pr.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if d.Access.System && !holdsCapacity(s.RolesOf(by), c.Capacity) {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EForbidden, "%s does not hold a role that signs as %s.", by, c.Capacity)
	}
	p := FindPattern(s, c.ID)
	if p == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no pattern %s.", c.ID)
	}
	if !p.InForce() {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "The review of this pattern is signed off already.")
	}
	if signed := map[string]string{CapacitySafety: p.SafetySignedBy, CapacityProducer: p.ProducerSignedBy}[c.Capacity]; signed != "" {
		if signed == by {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "The review of this pattern is signed as %s already.", c.Capacity)
	}
	if by == p.SafetySignedBy || by == p.ProducerSignedBy {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "You signed this review already; the other signature is someone else's.")
	}
	return one(&PatternReviewed{ID: p.ID, Capacity: c.Capacity, By: by, Note: note}), nil
}
