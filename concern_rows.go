package setsafe

import (
	"cmp"
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
	// Hazard is the gate's hazard it is about: the one the reporter
	// picked, or else the one its category names, if any.
	Hazard  string `db:"hazard" json:"hazard,omitempty"`
	SetUpID string `db:"setup_id" json:"setup_id,omitempty"`
	// LocationID names a location of the production (see [Location]);
	// Location is where, in the reporter's words.
	LocationID  string `db:"location_id" json:"location_id,omitempty"`
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
	// OccurredAt is when what it reports happened, as the reporter says,
	// or RaisedAt when they did not say; for an anonymous concern, to the
	// minute, as its entry's time is (see [AnonymousTime]).
	OccurredAt time.Time `db:"occurred_us" json:"occurred_at"`
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
	// Triage is the safety coordinator's reading of it: founded or
	// unfounded, with the reason given (see [TriageConcern]); the
	// reporter reads it too, with the receipt code of an anonymous one.
	Triage       string    `db:"triage" json:"triage,omitempty"`
	TriageReason string    `db:"triage_reason" json:"triage_reason,omitempty"`
	TriagedBy    string    `db:"triaged_by" json:"triaged_by,omitempty"`
	TriagedAt    time.Time `db:"triaged_us" json:"triaged_at,omitzero"`
	// Decision is the latest decision on the work a critical concern
	// stops: proceed, with the measures taken, or stop (see
	// [DecideConcern]).
	Decision       string    `db:"decision" json:"decision,omitempty"`
	DecisionReason string    `db:"decision_reason" json:"decision_reason,omitempty"`
	DecidedBy      string    `db:"decided_by" json:"decided_by,omitempty"`
	DecidedAt      time.Time `db:"decided_us" json:"decided_at,omitzero"`
	LastSeq        int64     `db:"last_seq" json:"last_seq"`
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

// NeedsTriage says whether the concern waits for the safety coordinator's
// triage: an anonymous critical concern nobody has triaged yet. Until then
// it climbs the ladder as an unacknowledged concern does.
func (c *Concern) NeedsTriage() bool {
	return c.Mode == ReportAnonymous && c.Severity == SeverityCritical && c.Triage == "" && !c.Closed()
}

// awaitsAcknowledgement says whether the concern's current step is to be
// acknowledged, or for an anonymous critical one, triaged.
func (c *Concern) awaitsAcknowledgement() bool { return c.State == ConcernOpen || c.NeedsTriage() }

// Stops says whether the concern stops the work it names: critical, not
// closed, and not decided to proceed.
func (c *Concern) Stops() bool {
	return c.Severity == SeverityCritical && !c.Closed() && c.Decision != DecisionProceed
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

// addConcerns gives the gate the critical concerns still open that nobody
// decided to proceed with (WS-3): each stops the set-up, the location and
// the hazard it names.
func (s *State) addConcerns(sit *gate.Situation) {
	for _, c := range grouped[*Concern](s, concernsOpen, SeverityCritical) {
		if !c.Stops() {
			continue
		}
		sit.Concerns = append(sit.Concerns, gate.Concern{Hazard: c.Hazard, SetUp: c.SetUpID, Location: c.LocationID, Raised: c.RaisedAt,
			Description: brief(c.Description)})
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
