package incident

import (
	"time"

	"github.com/setsafe/setsafe"
)

// PlanAction plans a corrective or preventive action of an incident, with
// its owner and due day: its investigator or those who investigate
// incidents.
type PlanAction struct {
	ID         string
	IncidentID string
	What       string
	Preventive bool
	Owner      string
	// Due is the day on set it is due, YYYY-MM-DD: today or later.
	Due string
	By  string
}

// Authorize implements setsafe.Command.
func (c PlanAction) Authorize(a setsafe.Access, s *setsafe.State) error {
	return requireInvestigator(a, s, c.IncidentID)
}

// Decide implements setsafe.Command.
func (c PlanAction) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	x := Find(s, c.IncidentID)
	if x == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no incident %s.", c.IncidentID)
	}
	p := setsafe.Problems{}
	setsafe.CheckID(p, "id", c.ID)
	b := &ActionPlanned{ID: c.ID, IncidentID: x.ID, Preventive: c.Preventive, Owner: c.Owner, By: by,
		What: setsafe.CleanReason(p, "what", c.What, true)}
	b.Due, b.Deadline = checkDue(p, "due", c.Due, s, d.Now)
	if c.Owner == "" {
		p.Add("owner", "is required: name the person who sees it done")
	} else if o := s.Person(c.Owner); o == nil || !o.Active {
		p.Add("owner", "must name someone on the production")
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if a := FindAction(s, c.ID); a != nil {
		if a.IncidentID == x.ID && a.What == b.What && a.Owner == b.Owner {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Corrective action %s exists already.", c.ID)
	}
	return one(b), nil
}

// checkDue reads a due day, today on set or later, and returns it with
// the end of that day on the set's clock.
func checkDue(p setsafe.Problems, field, due string, s *setsafe.State, now time.Time) (string, time.Time) {
	due = setsafe.CleanDay(p, field, due, true)
	if due == "" || p[field] != "" {
		return due, time.Time{}
	}
	if due < s.Day(now) {
		p.Add(field, "must be today (%s) or later", s.Day(now))
	}
	return due, endOfDay(due, s)
}

// FinishAction records an action done, with what was done: its owner, or
// those who investigate incidents.
type FinishAction struct {
	ID   string
	Note string
	By   string
}

// Authorize implements setsafe.Command.
func (c FinishAction) Authorize(a setsafe.Access, s *setsafe.State) error {
	if x := FindAction(s, c.ID); x != nil && a.PersonID != "" && a.PersonID == x.Owner {
		return nil
	}
	return a.Require(PermInvestigate)
}

// Decide implements setsafe.Command.
func (c FinishAction) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	a := FindAction(s, c.ID)
	if a == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no corrective action %s.", c.ID)
	}
	p := setsafe.Problems{}
	note := setsafe.CleanReason(p, "note", c.Note, true)
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	if a.State != ActionStateOpen {
		if a.DoneBy == by && a.DoneNote == note {
			return setsafe.Outcome{}, nil // sent again
		}
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Corrective action %s is %s already.", a.ID, a.State)
	}
	return one(&ActionDone{ID: a.ID, Note: note, By: by}), nil
}

// VerifyAction records whether a done action worked: those who
// investigate incidents, other than who did it. One that did not work is
// open again, due anew (Due).
type VerifyAction struct {
	ID     string
	Worked bool
	Note   string
	Due    string
	By     string
}

// Authorize implements setsafe.Command.
func (c VerifyAction) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return a.Require(PermInvestigate)
}

// Decide implements setsafe.Command.
func (c VerifyAction) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	by, err := setsafe.ActingPerson(s, d, c.By)
	if err != nil {
		return setsafe.Outcome{}, err
	}
	a := FindAction(s, c.ID)
	if a == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no corrective action %s.", c.ID)
	}
	p := setsafe.Problems{}
	b := &ActionVerified{ID: a.ID, Worked: c.Worked, By: by, Note: setsafe.CleanReason(p, "note", c.Note, !c.Worked)}
	if !c.Worked {
		b.Due, b.Deadline = checkDue(p, "due", c.Due, s, d.Now)
	}
	if err := p.Err(); err != nil {
		return setsafe.Outcome{}, err
	}
	switch {
	case a.State == ActionStateVerified && c.Worked && a.VerifiedBy == by:
		return setsafe.Outcome{}, nil // sent again
	case a.State != ActionStateDone:
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "Corrective action %s is %s: only a done action is checked.", a.ID, a.State)
	case a.DoneBy == by:
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.EConflict, "You recorded this action done: someone else checks that it worked.")
	}
	return one(b), nil
}

// EscalateAction climbs an action not done by its deadline to the next
// rung of the ladder with someone on it, on the clock of a high concern.
// setsafe's clock sends it; when the action is not due, nothing is
// recorded.
type EscalateAction struct {
	ID string
}

// Authorize implements setsafe.Command.
func (c EscalateAction) Authorize(a setsafe.Access, _ *setsafe.State) error {
	return setsafe.OnlyTheClock(a, "climbs an overdue corrective action up the ladder")
}

// Decide implements setsafe.Command.
func (c EscalateAction) Decide(s *setsafe.State, d setsafe.Decision) (setsafe.Outcome, error) {
	a := FindAction(s, c.ID)
	if a == nil {
		return setsafe.Outcome{}, setsafe.Errorf(setsafe.ENotFound, "There is no corrective action %s.", c.ID)
	}
	next, ok := s.NextRungAfter(a.Rung)
	if !ok || a.State != ActionStateOpen || a.Deadline.IsZero() || d.Now.Before(a.Deadline) {
		return setsafe.Outcome{}, nil
	}
	return one(&ActionEscalated{ID: a.ID, Rung: next, Missed: a.Deadline, Deadline: d.Now.Add(s.Clock(setsafe.SeverityHigh).Acknowledge())}), nil
}
