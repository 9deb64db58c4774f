package setsafe

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection tables of concerns.
const (
	tableConcerns        = "concerns"
	tableConcernMessages = "concern_messages"
)

func init() {
	rowTypes[tableConcerns] = func() Row { return new(Concern) }
	rowTypes[tableConcernMessages] = func() Row { return new(ConcernMessage) }
	register[ConcernRaised](1, "Concern raised")
	register[ConcernAnswered](1, "Concern answered")
	register[ConcernReplied](1, "Reporter replied")
	register[ConcernMoved](1, "Concern moved on")
	register[ConcernEscalated](1, "Concern climbed the ladder")
}

// Concern categories, as a reporter chooses them.
const (
	CategoryFirearms  = "firearms"
	CategoryStunts    = "stunts"
	CategoryVehicles  = "vehicles"
	CategoryFatigue   = "fatigue_and_hours"
	CategoryFire      = "fire_and_pyrotechnics"
	CategoryWater     = "water"
	CategoryHeights   = "heights"
	CategoryAnimals   = "animals"
	CategoryEquipment = "equipment"
	CategoryOther     = "other"
)

// ConcernCategories lists the categories in the order a reporter sees them.
var ConcernCategories = []string{CategoryFirearms, CategoryStunts, CategoryVehicles, CategoryFatigue, CategoryFire,
	CategoryWater, CategoryHeights, CategoryAnimals, CategoryEquipment, CategoryOther}

// categoryHazards are the hazards of the gate that a category names: a
// concern in the category concerns work with that hazard.
var categoryHazards = map[string]string{
	CategoryFirearms: "firearms", CategoryStunts: "stunts", CategoryVehicles: "vehicles", CategoryFire: "pyrotechnics",
	CategoryWater: "water", CategoryHeights: "heights", CategoryAnimals: "animals",
}

// Severities of a concern, most urgent first.
const (
	SeverityCritical = "critical"
	SeverityHigh     = "high"
	SeverityNormal   = "normal"
)

// Severities lists the severities, most urgent first.
var Severities = []string{SeverityCritical, SeverityHigh, SeverityNormal}

// How a reporter raises a concern.
const (
	// ReportNamed shows the reporter's name to whoever handles the concern.
	ReportNamed = "named"
	// ReportConfidential shows the name to the safety coordinator only.
	ReportConfidential = "confidential"
	// ReportAnonymous keeps nothing that links the concern to a person:
	// the reporter holds a receipt code to read answers and reply.
	ReportAnonymous = "anonymous"
)

// ReportModes lists the ways to raise a concern.
var ReportModes = []string{ReportNamed, ReportConfidential, ReportAnonymous}

// The states of a concern: open → acknowledged → action planned →
// resolved or rejected.
const (
	ConcernOpen          = "open"
	ConcernAcknowledged  = "acknowledged"
	ConcernActionPlanned = "action_planned"
	ConcernResolved      = "resolved"
	ConcernRejected      = "rejected"
)

// Concern is a hazard someone reported. It climbs the production's
// escalation ladder while nobody answers it in time (WS-3).
type Concern struct {
	ID       string `db:"id,key" json:"id"`
	Category string `db:"category" json:"category"`
	Severity string `db:"severity" json:"severity"`
	// Hazard is the gate's hazard the category names, if any.
	Hazard      string `db:"hazard" json:"hazard,omitempty"`
	SetUpID     string `db:"setup_id" json:"setup_id,omitempty"`
	Location    string `db:"location" json:"location,omitempty"`
	Description string `db:"description" json:"description"`
	Mode        string `db:"mode" json:"mode"`
	// Reporter is the person who raised it by name; empty for an
	// anonymous or confidential concern.
	Reporter string `db:"reporter" json:"reporter,omitempty"`
	// ReporterSeal stands for a confidential reporter (see
	// [ReporterSeal]); the server shows their name to the safety
	// coordinator only.
	ReporterSeal string    `db:"reporter_seal" json:"-"`
	State        string    `db:"state" json:"state"`
	RaisedAt     time.Time `db:"raised_us" json:"raised_at"`
	// AcknowledgedAt and ClosedAt are when it was first acknowledged and
	// when it was resolved or rejected.
	AcknowledgedAt time.Time `db:"acknowledged_us" json:"acknowledged_at,omitzero"`
	ClosedAt       time.Time `db:"closed_us" json:"closed_at,omitzero"`
	// Rung is the step of the escalation ladder it has reached, 0 being
	// the first.
	Rung int64 `db:"rung" json:"rung"`
	// Deadline is when the current step (acknowledging, then resolving)
	// is due at this rung; zero once closed.
	Deadline time.Time `db:"deadline_us" json:"deadline,omitzero"`
	LastSeq  int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Concern) Table() string { return tableConcerns }

// Key implements Row.
func (c *Concern) Key() string { return c.ID }

// Closed says whether the concern was resolved or rejected.
func (c *Concern) Closed() bool { return c.State == ConcernResolved || c.State == ConcernRejected }

// Overdue says whether the concern's current step is late at now.
func (c *Concern) Overdue(now time.Time) bool {
	return !c.Closed() && !c.Deadline.IsZero() && !now.Before(c.Deadline)
}

// ConcernMessage is one line of a concern's conversation, as its reporter
// and its handlers see it: an answer, a reply, a change of state, a climb
// up the ladder.
type ConcernMessage struct {
	// Seq is the ledger entry that wrote it; it orders the conversation.
	Seq       int64  `db:"seq,key" json:"seq"`
	ConcernID string `db:"concern_id" json:"concern_id"`
	// Kind is "answer", "reply", "escalated" or the state it moved to.
	Kind string `db:"kind" json:"kind"`
	// Author is the person who wrote it; empty for the reporter of an
	// anonymous concern and for setsafe's escalations.
	Author  string    `db:"author" json:"author,omitempty"`
	Text    string    `db:"text" json:"text"`
	At      time.Time `db:"at_us" json:"at"`
	LastSeq int64     `db:"last_seq" json:"-"`
}

// Table implements Row.
func (*ConcernMessage) Table() string { return tableConcernMessages }

// Key implements Row.
func (m *ConcernMessage) Key() string { return strconv.FormatInt(m.Seq, 10) }

// Concern returns the concern with the given ID, or nil.
func (s *State) Concern(id string) *Concern { return lookup[*Concern](s, tableConcerns, id) }

// Concerns returns every concern, ordered by ID.
func (s *State) Concerns() []*Concern { return all[*Concern](s, tableConcerns) }

// OpenConcerns returns the concerns not yet resolved or rejected, ordered
// by ID.
func (s *State) OpenConcerns() []*Concern {
	var out []*Concern
	for _, severity := range Severities {
		out = append(out, grouped[*Concern](s, concernsOpen, severity)...)
	}
	slices.SortFunc(out, byKey)
	return out
}

// SealedConcerns returns the concerns raised confidentially, whose reporter
// only a seal names, ordered by ID.
func (s *State) SealedConcerns() []*Concern {
	out := grouped[*Concern](s, concernsSealed, "")
	slices.SortFunc(out, byKey)
	return out
}

// ConcernMessages returns a concern's conversation, oldest first.
func (s *State) ConcernMessages(id string) []*ConcernMessage {
	out := grouped[*ConcernMessage](s, messagesByConcern, id)
	slices.SortFunc(out, func(a, b *ConcernMessage) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// addConcerns gives the gate the critical concerns still open (WS-3).
func (s *State) addConcerns(sit *gate.Situation) {
	for _, c := range grouped[*Concern](s, concernsOpen, SeverityCritical) {
		sit.Concerns = append(sit.Concerns, gate.Concern{Hazard: c.Hazard, SetUp: c.SetUpID, Raised: c.RaisedAt, Description: brief(c.Description)})
	}
	slices.SortFunc(sit.Concerns, func(a, b gate.Concern) int { return a.Raised.Compare(b.Raised) })
}

// brief shortens a description to what fits in a line of a reason.
func brief(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return strings.TrimSpace(string(r[:max-1])) + "…"
	}
	return s
}

// ConcernRaised records a concern. An anonymous one has the anonymous
// actor and no reporter; its receipt code's hash is kept beside the ledger,
// never in it. A confidential one has the anonymous actor too, and its
// reporter's seal in place of a name.
type ConcernRaised struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Hazard      string `json:"hazard,omitempty"`
	SetUpID     string `json:"setup_id,omitempty"`
	Location    string `json:"location,omitempty"`
	Description string `json:"description"`
	Mode        string `json:"mode"`
	Reporter    string `json:"reporter,omitempty"`
	// ReporterSeal stands for a confidential reporter.
	ReporterSeal string `json:"reporter_seal,omitempty"`
	// Deadline is when it must be acknowledged.
	Deadline time.Time `json:"deadline"`
}

func (b *ConcernRaised) apply(s *State, e Event) error {
	if s.Concern(b.ID) != nil {
		return fmt.Errorf("concern %s exists already", b.ID)
	}
	s.put(&Concern{ID: b.ID, Category: b.Category, Severity: b.Severity, Hazard: b.Hazard, SetUpID: b.SetUpID, Location: b.Location,
		Description: b.Description, Mode: b.Mode, Reporter: b.Reporter, ReporterSeal: b.ReporterSeal, State: ConcernOpen, RaisedAt: e.Time, Deadline: b.Deadline, LastSeq: e.Seq})
	return nil
}

func (*ConcernRaised) refers() References { return References{} }

// notifies tells the lowest rung of the ladder with someone on it.
func (b *ConcernRaised) notifies(s *State, n *notifications) {
	for _, r := range s.Ladder() {
		if r.People != "" || r.Email != "" || r.Webhook != "" {
			n.toRung(r, b.ID, concernSubject("Concern raised", b.Severity, b.Category), concernText(b.Description, b.Location,
				"Acknowledge it by "+s.onSetClock(b.Deadline)+"."))
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

func (b *ConcernAnswered) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, "answer", b.By, b.Text, nil)
}

func (*ConcernAnswered) refers() References { return References{} }

// notifies tells the reporter as a move of the concern does.
func (b *ConcernAnswered) notifies(s *State, n *notifications) {
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
func (b *ConcernMoved) notifies(s *State, n *notifications) {
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
	// Step is what was late: "acknowledge" or "resolve".
	Step     string    `json:"step"`
	Missed   time.Time `json:"missed"`
	Deadline time.Time `json:"deadline"`
}

func (b *ConcernEscalated) apply(s *State, e Event) error {
	return s.addMessage(e, b.ID, "escalated", "", b.Step, func(c *Concern) { c.Rung, c.Deadline = b.Rung, b.Deadline })
}

func (*ConcernEscalated) refers() References { return References{} }

// notifies tells the rung the concern climbed to.
func (b *ConcernEscalated) notifies(s *State, n *notifications) {
	c, ladder := s.Concern(b.ID), s.Ladder()
	if c == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
		return
	}
	late := "was not acknowledged"
	if b.Step == "resolve" {
		late = "was not resolved"
	}
	n.toRung(ladder[b.Rung], b.ID, concernSubject("Concern escalated to you", c.Severity, c.Category), concernText(c.Description, c.Location,
		fmt.Sprintf("It %s by %s and climbed to the %s. Act by %s.", late, s.onSetClock(b.Missed), spoken(Rungs[b.Rung]), s.onSetClock(b.Deadline))))
}

func (b *ConcernEscalated) escalation(s *State) []EscalationUpdate { return s.concernEscalation(b.ID) }

// EventType implementations.
func (*ConcernRaised) EventType() string    { return "concern.raised" }
func (*ConcernAnswered) EventType() string  { return "concern.answered" }
func (*ConcernReplied) EventType() string   { return "concern.replied" }
func (*ConcernMoved) EventType() string     { return "concern.moved" }
func (*ConcernEscalated) EventType() string { return "concern.escalated" }

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
