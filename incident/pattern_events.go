package incident

import (
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[PatternRaised](1, "Pattern of incidents raised")
	setsafe.Register[PatternEscalated](1, "Pattern of incidents climbed the ladder")
	setsafe.Register[PatternAcknowledged](1, "Pattern of incidents acknowledged")
	setsafe.Register[PatternReviewed](1, "Review of a pattern of incidents signed off")
	setsafe.RegisterClock(watchPrefix, func(string) setsafe.Command { return WatchPatterns{} }, func(*setsafe.State) []setsafe.EscalationUpdate { return nil })
	setsafe.RegisterClock(patternPrefix, func(id string) setsafe.Command { return EscalatePattern{ID: id} }, patternsStanding)
	for _, typ := range []string{"firearm.discharge_reported", "live_round.reported", "ammo_lot.check_failed", "day.reconciled", "stop_work.called"} {
		setsafe.ObserveEscalation(typ, watchDue)
	}
}

// The escalation clock's items of patterns: the watch that looks for new
// patterns after an incident ("pattern-watch:"), and a pattern climbing
// the ladder ("pattern:" and its ID).
const (
	watchPrefix   = "pattern-watch:"
	patternPrefix = "pattern:"
)

func patternItem(id string) string { return patternPrefix + id }

// watchDue makes the watch for patterns due at once after an entry that
// opened or changed an incident.
func watchDue(_ *setsafe.State, e setsafe.Event) []setsafe.EscalationUpdate {
	return []setsafe.EscalationUpdate{{Item: watchPrefix, Deadline: e.Time, Waiting: true}}
}

// patternStanding is where a pattern stands for the clock: waiting for
// its deadline while nobody acknowledged it and a rung above has someone.
func patternStanding(s *setsafe.State, p *Pattern) setsafe.EscalationUpdate {
	_, climbs := s.NextRungAfter(p.Rung)
	return setsafe.EscalationUpdate{Item: patternItem(p.ID), Deadline: p.Deadline, Waiting: p.State == PatternStateOpen && climbs && !p.Deadline.IsZero()}
}

// patternsStanding is the standing of every pattern in force.
func patternsStanding(s *setsafe.State) []setsafe.EscalationUpdate {
	var out []setsafe.EscalationUpdate
	for _, p := range PatternsInForce(s) {
		out = append(out, patternStanding(s, p))
	}
	return out
}

func onePatternStanding(s *setsafe.State, id string) []setsafe.EscalationUpdate {
	if p := FindPattern(s, id); p != nil {
		return []setsafe.EscalationUpdate{patternStanding(s, p)}
	}
	return nil
}

// patternText says a pattern in a notification.
func patternText(s *setsafe.State, p *Pattern) string {
	stops := ""
	switch p.Scope {
	case "firearm", "hazard", "person":
		stops = " The work it concerns stops until the safety coordinator and a producer sign off a review (WS-6)."
	}
	return fmt.Sprintf("%d incidents in %d days concern %s, the last at %s.%s", p.Count, p.Days, p.What, s.OnSetClock(p.Last), stops)
}

// PatternRaised records a pattern of repeated incidents. setsafe records
// it itself, on its clock, once the incidents make it.
type PatternRaised struct {
	ID        string    `json:"id"`
	Scope     string    `json:"scope"`
	About     string    `json:"about"`
	What      string    `json:"what"`
	Incidents []string  `json:"incidents"`
	Days      int64     `json:"days"`
	Last      time.Time `json:"last"`
	// Deadline is when it climbs to the first rung of the ladder unless
	// acknowledged.
	Deadline time.Time `json:"deadline"`
}

// EventType implements setsafe.Body.
func (*PatternRaised) EventType() string { return "pattern.raised" }

// Fold implements setsafe.EventBody.
func (b *PatternRaised) Fold(f *setsafe.Folding, e setsafe.Event) error {
	s := f.State()
	if FindPattern(s, b.ID) != nil {
		return fmt.Errorf("pattern %s exists already", b.ID)
	}
	if inForce, _ := lastReviewed(s, b.Scope, b.About); inForce {
		return fmt.Errorf("a pattern about %s %s is in force already", b.Scope, b.About)
	}
	f.Put(&Pattern{ID: b.ID, Scope: b.Scope, About: b.About, What: b.What, Incidents: strings.Join(b.Incidents, " "), Count: int64(len(b.Incidents)),
		Days: b.Days, Last: b.Last, RaisedAt: e.Time, State: PatternStateOpen, Rung: -1, Deadline: b.Deadline, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *PatternRaised) References() setsafe.References {
	r := setsafe.References{}
	switch b.Scope {
	case "firearm":
		r.Firearms = []string{b.About}
	case "person":
		r.People = []string{b.About}
	}
	return r
}

// Escalation implements setsafe.Escalating: the pattern waits for its
// deadline, and the watch that found it is done.
func (b *PatternRaised) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return append(onePatternStanding(s, b.ID), setsafe.EscalationUpdate{Item: watchPrefix})
}

// ClockItem implements setsafe.ClockMoving.
func (b *PatternRaised) ClockItem() string { return watchPrefix }

// Notify implements setsafe.Notifying: those who investigate incidents
// learn of it at once.
func (b *PatternRaised) Notify(s *setsafe.State, n *setsafe.Notifications) {
	p := FindPattern(s, b.ID)
	if p == nil {
		return
	}
	n.ToRoles([]setsafe.Role{setsafe.RoleSafetyCoordinator, setsafe.RoleProducer, setsafe.RoleUPM}, b.ID, "Pattern of incidents: "+p.What,
		patternText(s, p)+"\n\nIt climbs the ladder at "+s.OnSetClock(b.Deadline)+" unless someone acknowledges it.")
}

// PatternEscalated records a pattern nobody acknowledged in time climbing
// to the next rung of the ladder.
type PatternEscalated struct {
	ID       string    `json:"id"`
	Rung     int64     `json:"rung"`
	Missed   time.Time `json:"missed"`
	Deadline time.Time `json:"deadline"`
}

// EventType implements setsafe.Body.
func (*PatternEscalated) EventType() string { return "pattern.escalated" }

// Fold implements setsafe.EventBody.
func (b *PatternEscalated) Fold(f *setsafe.Folding, e setsafe.Event) error {
	p := FindPattern(f.State(), b.ID)
	if p == nil || p.State != PatternStateOpen {
		return fmt.Errorf("pattern %s is not open", b.ID)
	}
	c := *p
	c.Rung, c.Deadline, c.LastSeq = b.Rung, b.Deadline, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (*PatternEscalated) References() setsafe.References { return setsafe.References{} }

// Escalation implements setsafe.Escalating.
func (b *PatternEscalated) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return onePatternStanding(s, b.ID)
}

// ClockItem implements setsafe.ClockMoving.
func (b *PatternEscalated) ClockItem() string { return patternItem(b.ID) }

// Notify implements setsafe.Notifying: the rung it climbed to learns of it.
func (b *PatternEscalated) Notify(s *setsafe.State, n *setsafe.Notifications) {
	p, ladder := FindPattern(s, b.ID), s.Ladder()
	if p == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
		return
	}
	n.ToRung(ladder[b.Rung], p.ID, "Pattern of incidents escalated to you: "+p.What, fmt.Sprintf("%s\n\nNobody acknowledged it by %s; it climbed to you. It climbs again at %s.",
		patternText(s, p), s.OnSetClock(b.Missed), s.OnSetClock(b.Deadline)))
}

// PatternAcknowledged records someone taking charge of a pattern, saying
// what they do about it: it stops climbing, and still stops its work.
type PatternAcknowledged struct {
	ID     string `json:"id"`
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// EventType implements setsafe.Body.
func (*PatternAcknowledged) EventType() string { return "pattern.acknowledged" }

// Fold implements setsafe.EventBody.
func (b *PatternAcknowledged) Fold(f *setsafe.Folding, e setsafe.Event) error {
	p := FindPattern(f.State(), b.ID)
	if p == nil || p.State != PatternStateOpen {
		return fmt.Errorf("pattern %s is not open", b.ID)
	}
	c := *p
	c.State, c.AcknowledgedBy, c.Acknowledgement, c.LastSeq = PatternStateAcknowledged, b.By, b.Reason, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *PatternAcknowledged) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// Escalation implements setsafe.Escalating: it stops climbing.
func (b *PatternAcknowledged) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return onePatternStanding(s, b.ID)
}

// PatternReviewed records the safety coordinator or a producer signing off
// the review of a pattern; with both, it is reviewed and the work it
// stopped goes ahead.
type PatternReviewed struct {
	ID       string `json:"id"`
	Capacity string `json:"capacity"`
	By       string `json:"by"`
	Note     string `json:"note"`
}

// EventType implements setsafe.Body.
func (*PatternReviewed) EventType() string { return "pattern.reviewed" }

// Fold implements setsafe.EventBody.
func (b *PatternReviewed) Fold(f *setsafe.Folding, e setsafe.Event) error {
	p := FindPattern(f.State(), b.ID)
	if p == nil || !p.InForce() {
		return fmt.Errorf("pattern %s is not in force", b.ID)
	}
	c := *p
	switch b.Capacity {
	case CapacitySafety:
		c.SafetySignedBy = b.By
	case CapacityProducer:
		c.ProducerSignedBy = b.By
	default:
		return fmt.Errorf("no sign-off capacity %q", b.Capacity)
	}
	if c.SafetySignedBy != "" && c.ProducerSignedBy != "" {
		c.State, c.ReviewedAt = PatternStateReviewed, e.Time
	}
	c.LastSeq = e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *PatternReviewed) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// Escalation implements setsafe.Escalating.
func (b *PatternReviewed) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return onePatternStanding(s, b.ID)
}
