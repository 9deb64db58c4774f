package setsafe

import (
	"fmt"
	"time"
)

func init() {
	register[ConcernRaised](3, "Concern raised")
	registerOlder[ConcernRaisedV2]()
	registerOlder[ConcernRaisedV1]()
	register[ConcernAnswered](1, "Concern answered")
	register[ConcernReplied](1, "Reporter replied")
	register[ConcernMoved](1, "Concern moved on")
	register[ConcernEscalated](1, "Concern climbed the ladder")
	// A concern's words, and who raised it, are the production's: the
	// people on a set speak up because they are kept from others.
	Private("concern.raised", "what a concern says and who raised it (a name, or a confidential reporter's seal)")
	Private("concern.answered", "the production's answers to a concern's reporter")
	Private("concern.replied", "the replies of a concern's reporter")
	Private("concern.moved", "why a concern was moved on, in the words of whoever moved it")
}

// ConcernRaised records a concern. An anonymous one has the anonymous
// actor and no reporter; its receipt code's hash is kept beside the ledger,
// never in it. A confidential one has the anonymous actor too, and its
// reporter's seal in place of a name. This is body version 3, which may
// name a location of the production; version 2 ([ConcernRaisedV2]) said
// when what it reports happened, version 1 ([ConcernRaisedV1]) did not.
type ConcernRaised struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	// Hazard is the hazard it is about: the one the reporter picked, or
	// else the one its category names.
	Hazard  string `json:"hazard,omitempty"`
	SetUpID string `json:"setup_id,omitempty"`
	// LocationID names a location of the production (see [Location]);
	// Location is where, in the reporter's words.
	LocationID  string `json:"location_id,omitempty"`
	Location    string `json:"location,omitempty"`
	Description string `json:"description"`
	Mode        string `json:"mode"`
	Reporter    string `json:"reporter,omitempty"`
	// ReporterSeal stands for a confidential reporter.
	ReporterSeal string `json:"reporter_seal,omitempty"`
	// Deadline is when it must be acknowledged.
	Deadline time.Time `json:"deadline"`
	// OccurredAt is when what it reports happened, as the reporter says;
	// zero when they did not say. An anonymous or confidential reporter's
	// is kept to the minute, as the entry's own time is.
	OccurredAt time.Time `json:"occurred_at,omitzero"`
}

// EventType implements Body.
func (*ConcernRaised) EventType() string { return "concern.raised" }

func (b *ConcernRaised) apply(s *State, e Event) error {
	if s.Concern(b.ID) != nil {
		return fmt.Errorf("concern %s exists already", b.ID)
	}
	s.put(&Concern{ID: b.ID, Category: b.Category, Severity: b.Severity, Hazard: b.Hazard, SetUpID: b.SetUpID, LocationID: b.LocationID, Location: b.Location,
		Description: b.Description, Mode: b.Mode, Reporter: b.Reporter, ReporterSeal: b.ReporterSeal, State: ConcernOpen, RaisedAt: e.Time,
		OccurredAt: occurred(b.OccurredAt, e.Time), Deadline: b.Deadline, LastSeq: e.Seq})
	return nil
}

func (*ConcernRaised) refers() References { return References{} }

// ConcernRaisedV2 is body version 2 of concern.raised, written before a
// concern could name a location of the production. Old ledgers hold it;
// nothing writes it any more.
type ConcernRaisedV2 struct {
	ID           string    `json:"id"`
	Category     string    `json:"category"`
	Severity     string    `json:"severity"`
	Hazard       string    `json:"hazard,omitempty"`
	SetUpID      string    `json:"setup_id,omitempty"`
	Location     string    `json:"location,omitempty"`
	Description  string    `json:"description"`
	Mode         string    `json:"mode"`
	Reporter     string    `json:"reporter,omitempty"`
	ReporterSeal string    `json:"reporter_seal,omitempty"`
	Deadline     time.Time `json:"deadline"`
	OccurredAt   time.Time `json:"occurred_at,omitzero"`
}

// EventType implements Body.
func (*ConcernRaisedV2) EventType() string { return "concern.raised" }

func (*ConcernRaisedV2) bodyVersion() int { return 2 }

func (b *ConcernRaisedV2) current() *ConcernRaised {
	return &ConcernRaised{ID: b.ID, Category: b.Category, Severity: b.Severity, Hazard: b.Hazard, SetUpID: b.SetUpID, Location: b.Location,
		Description: b.Description, Mode: b.Mode, Reporter: b.Reporter, ReporterSeal: b.ReporterSeal, Deadline: b.Deadline, OccurredAt: b.OccurredAt}
}

func (b *ConcernRaisedV2) apply(s *State, e Event) error { return b.current().apply(s, e) }

func (*ConcernRaisedV2) refers() References { return References{} }

func (b *ConcernRaisedV2) notifies(s *State, n *Notifications) { b.current().notifies(s, n) }

func (b *ConcernRaisedV2) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

// ConcernRaisedV1 is body version 1 of concern.raised, written before a
// concern said when what it reports happened. Old ledgers hold it; nothing
// writes it any more.
type ConcernRaisedV1 struct {
	ID           string    `json:"id"`
	Category     string    `json:"category"`
	Severity     string    `json:"severity"`
	Hazard       string    `json:"hazard,omitempty"`
	SetUpID      string    `json:"setup_id,omitempty"`
	Location     string    `json:"location,omitempty"`
	Description  string    `json:"description"`
	Mode         string    `json:"mode"`
	Reporter     string    `json:"reporter,omitempty"`
	ReporterSeal string    `json:"reporter_seal,omitempty"`
	Deadline     time.Time `json:"deadline"`
}

// EventType implements Body.
func (*ConcernRaisedV1) EventType() string { return "concern.raised" }

func (*ConcernRaisedV1) bodyVersion() int { return 1 }

func (b *ConcernRaisedV1) current() *ConcernRaised {
	return &ConcernRaised{ID: b.ID, Category: b.Category, Severity: b.Severity, Hazard: b.Hazard, SetUpID: b.SetUpID, Location: b.Location,
		Description: b.Description, Mode: b.Mode, Reporter: b.Reporter, ReporterSeal: b.ReporterSeal, Deadline: b.Deadline}
}

func (b *ConcernRaisedV1) apply(s *State, e Event) error { return b.current().apply(s, e) }

func (*ConcernRaisedV1) refers() References { return References{} }

func (b *ConcernRaisedV1) notifies(s *State, n *Notifications) { b.current().notifies(s, n) }

func (b *ConcernRaisedV1) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

// notifies tells the lowest rung of the ladder with someone on it.
func (b *ConcernRaised) notifies(s *State, n *Notifications) {
	for _, r := range s.Ladder() {
		if r.People != "" || r.Email != "" || r.Webhook != "" {
			n.ToRung(r, b.ID, concernSubject("Concern raised", b.Severity, b.Category), concernText(b.Description, b.Location,
				"Acknowledge it by "+s.OnSetClock(b.Deadline)+"."))
			break
		}
	}
}

func (b *ConcernRaised) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

// ConcernAnswered records an answer to the reporter from the production.
type ConcernAnswered struct {
	ID   string `json:"id"`
	By   string `json:"by"`
	Text string `json:"text"`
}

// EventType implements Body.
func (*ConcernAnswered) EventType() string { return "concern.answered" }

func (b *ConcernAnswered) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, "answer", b.By, b.Text, nil)
}

func (*ConcernAnswered) refers() References { return References{} }

// notifies tells the reporter as a move of the concern does.
func (b *ConcernAnswered) notifies(s *State, n *Notifications) {
	if to := reporterInbox(s.Concern(b.ID)); to != "" {
		n.add(ChannelInbox, to, "", b.ID, "An answer to your concern", b.Text)
	}
}

// ConcernReplied records the reporter's reply; By is empty for an
// anonymous reporter.
type ConcernReplied struct {
	ID   string `json:"id"`
	By   string `json:"by,omitempty"`
	Text string `json:"text"`
}

// EventType implements Body.
func (*ConcernReplied) EventType() string { return "concern.replied" }

func (b *ConcernReplied) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, "reply", b.By, b.Text, nil)
}

func (*ConcernReplied) refers() References { return References{} }

// ConcernMoved records a concern moving to a new state, who moved it and
// why.
type ConcernMoved struct {
	ID    string `json:"id"`
	State string `json:"state"`
	By    string `json:"by"`
	Why   string `json:"why"`
	// Deadline is when its next step is due; zero once closed.
	Deadline time.Time `json:"deadline,omitzero"`
}

// EventType implements Body.
func (*ConcernMoved) EventType() string { return "concern.moved" }

func (b *ConcernMoved) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, b.State, b.By, b.Why, func(c *Concern) {
		if c.AcknowledgedAt.IsZero() {
			c.AcknowledgedAt = e.Time
		}
		if b.State == ConcernResolved || b.State == ConcernRejected {
			c.ClosedAt = e.Time
		}
		c.State, c.Deadline = b.State, b.Deadline
	})
}

func (*ConcernMoved) refers() References { return References{} }

// notifies tells the reporter, in the inbox, when they raised it by name
// or confidentially (filed under the concern, see [ReporterInbox]); never
// an anonymous one.
func (b *ConcernMoved) notifies(s *State, n *Notifications) {
	if to := reporterInbox(s.Concern(b.ID)); to != "" {
		n.add(ChannelInbox, to, "", b.ID, "Your concern is now "+spoken(b.State), b.Why)
	}
}

func (b *ConcernMoved) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

// ConcernEscalated records a concern climbing to the next rung of the
// ladder because its step was not done in time.
type ConcernEscalated struct {
	ID   string `json:"id"`
	Rung int64  `json:"rung"`
	// Step is what was late: "acknowledge", "triage" (an anonymous
	// critical concern's acknowledging) or "resolve".
	Step     string    `json:"step"`
	Missed   time.Time `json:"missed"`
	Deadline time.Time `json:"deadline"`
}

// EventType implements Body.
func (*ConcernEscalated) EventType() string { return "concern.escalated" }

func (b *ConcernEscalated) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, "escalated", "", b.Step, func(c *Concern) { c.Rung, c.Deadline = b.Rung, b.Deadline })
}

func (*ConcernEscalated) refers() References { return References{} }

// notifies tells the rung the concern climbed to.
func (b *ConcernEscalated) notifies(s *State, n *Notifications) {
	c, ladder := s.Concern(b.ID), s.Ladder()
	if c == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
		return
	}
	late := "was not acknowledged"
	switch b.Step {
	case "resolve":
		late = "was not resolved"
	case "triage":
		late = "was not triaged"
	}
	n.ToRung(ladder[b.Rung], b.ID, concernSubject("Concern escalated to you", c.Severity, c.Category), concernText(c.Description, c.Location,
		fmt.Sprintf("It %s by %s and climbed to the %s. Act by %s.", late, s.OnSetClock(b.Missed), spoken(Rungs[b.Rung]), s.OnSetClock(b.Deadline))))
}

func (b *ConcernEscalated) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

func (b *ConcernEscalated) clockItem() string { return b.ID }

// addMessage adds a line to a concern's conversation and applies change,
// if any, to the concern.
func (s *State) addMessage(e Event, id, kind, author, text string, change func(*Concern)) error {
	c := edit(s.Concern(id))
	if c == nil {
		return fmt.Errorf("concern %s does not exist", id)
	}
	if change != nil {
		change(c)
	}
	c.LastSeq = e.Seq
	s.put(c)
	s.put(&ConcernMessage{Seq: e.Seq, ConcernID: id, Kind: kind, Author: author, Text: text, At: e.Time, LastSeq: e.Seq})
	return nil
}
