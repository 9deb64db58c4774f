package dailyreport

import (
	"cmp"
	"slices"
	"time"

	"github.com/setsafe/setsafe"
)

// DayConcerns are the concerns raised during the day, by severity, those
// that climbed the ladder, and those resolved or rejected.
type DayConcerns struct {
	Raised    []DayConcern     `json:"raised"`
	Escalated []DayConcernStep `json:"escalated"`
	Closed    []DayConcernStep `json:"closed"`
}

// DayConcern is a concern raised during the day. Reporter names who raised
// it by name only: a confidential concern's reporter is left out, and so
// is anything of an anonymous one's, whose Mode says so.
type DayConcern struct {
	ID       string    `json:"id"`
	RaisedAt time.Time `json:"raised_at"`
	Severity string    `json:"severity"`
	Category string    `json:"category"`
	Hazard   string    `json:"hazard,omitempty"`
	SetUpID  string    `json:"setup_id,omitempty"`
	Where    string    `json:"where,omitempty"`
	// Description is what the reporter wrote.
	Description string `json:"description"`
	// Mode is named, confidential or anonymous.
	Mode     string `json:"mode"`
	Reporter *Who   `json:"reporter,omitempty"`
	// State is where it stands now.
	State string `json:"state"`
}

// DayConcernStep is a concern climbing the ladder, or closed, during the
// day.
type DayConcernStep struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	Severity string    `json:"severity"`
	Category string    `json:"category"`
	// What is the rung it climbed to, or the state it was closed in
	// (resolved, rejected).
	What string `json:"what"`
	// By is who closed it; Why is their reason, or the step that was late
	// when it climbed.
	By  *Who   `json:"by,omitempty"`
	Why string `json:"why,omitempty"`
}

// concernRaised records a concern raised during the day, from what the
// state holds of it now.
func (b *builder) concernRaised(id string) {
	c := b.s.Concern(id)
	if c == nil {
		return
	}
	v := DayConcern{ID: c.ID, RaisedAt: c.RaisedAt, Severity: c.Severity, Category: spoken(c.Category), Hazard: c.Hazard, SetUpID: c.SetUpID,
		Where: where(b.s.LocationName(c.LocationID), c.Location), Description: c.Description, Mode: c.Mode, State: spoken(c.State)}
	if c.Mode == setsafe.ReportNamed && c.Reporter != "" {
		// Never a confidential reporter's seal, never an anonymous
		// reporter's anything: only a name given openly.
		v.Reporter = b.whoPtr(c.Reporter)
	}
	b.r.Concerns.Raised = append(b.r.Concerns.Raised, v)
}

// concernEscalated records a concern climbing a rung.
func (b *builder) concernEscalated(e setsafe.Event, body *setsafe.ConcernEscalated) {
	step := b.step(e, body.ID)
	if body.Rung >= 0 && body.Rung < int64(len(setsafe.Rungs)) {
		step.What = spoken(setsafe.Rungs[body.Rung])
	}
	step.Why = "not done in time: " + body.Step
	b.r.Concerns.Escalated = append(b.r.Concerns.Escalated, step)
}

// concernMoved records a concern resolved or rejected; other moves are
// not in the report.
func (b *builder) concernMoved(e setsafe.Event, body *setsafe.ConcernMoved) {
	if body.State != setsafe.ConcernResolved && body.State != setsafe.ConcernRejected {
		return
	}
	step := b.step(e, body.ID)
	step.What, step.By, step.Why = body.State, b.whoPtr(body.By), body.Why
	b.r.Concerns.Closed = append(b.r.Concerns.Closed, step)
}

// step starts a step of a concern at an entry.
func (b *builder) step(e setsafe.Event, id string) DayConcernStep {
	step := DayConcernStep{ID: id, At: e.Time}
	if c := b.s.Concern(id); c != nil {
		step.Severity, step.Category = c.Severity, spoken(c.Category)
	}
	return step
}

// sortConcerns orders the concerns raised by severity, most urgent first,
// then by when they were raised.
func (b *builder) sortConcerns() {
	rank := func(severity string) int {
		if i := slices.Index(setsafe.Severities, severity); i >= 0 {
			return i
		}
		return len(setsafe.Severities)
	}
	slices.SortStableFunc(b.r.Concerns.Raised, func(x, y DayConcern) int {
		return cmp.Or(cmp.Compare(rank(x.Severity), rank(y.Severity)), x.RaisedAt.Compare(y.RaisedAt))
	})
}

// where joins a location's name and the words that say where in it.
func where(name, words string) string {
	switch {
	case name == "":
		return words
	case words == "":
		return name
	}
	return name + ", " + words
}
