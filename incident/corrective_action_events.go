package incident

import (
	"fmt"
	"time"

	"github.com/setsafe/setsafe"
)

func init() {
	setsafe.Register[ActionPlanned](1, "Corrective action planned")
	setsafe.Register[ActionDone](1, "Corrective action done")
	setsafe.Register[ActionVerified](1, "Corrective action checked")
	setsafe.Register[ActionEscalated](1, "Overdue corrective action climbed the ladder")
}

// actionPrefix names a corrective action among the escalation clock's
// items.
const actionPrefix = "corrective_action:"

func actionItem(id string) string { return actionPrefix + id }

// standing is where an action stands for the escalation clock: waiting
// for its deadline while it is open and a rung above it has someone.
func standing(s *setsafe.State, a *Action) setsafe.EscalationUpdate {
	_, climbs := s.NextRungAfter(a.Rung)
	return setsafe.EscalationUpdate{Item: actionItem(a.ID), Deadline: a.Deadline, Waiting: a.State == ActionStateOpen && climbs && !a.Deadline.IsZero()}
}

// actionStanding is the standing of one action, if it exists.
func actionStanding(s *setsafe.State, id string) []setsafe.EscalationUpdate {
	if a := FindAction(s, id); a != nil {
		return []setsafe.EscalationUpdate{standing(s, a)}
	}
	return nil
}

// openActionsStanding is the standing of every open action, after an
// entry that may change who is on the ladder.
func openActionsStanding(s *setsafe.State) []setsafe.EscalationUpdate {
	var out []setsafe.EscalationUpdate
	for _, a := range OpenActions(s) {
		out = append(out, standing(s, a))
	}
	return out
}

// ActionPlanned records a corrective or preventive action: what, who owns
// it and by when.
type ActionPlanned struct {
	ID         string    `json:"id"`
	IncidentID string    `json:"incident_id"`
	What       string    `json:"what"`
	Preventive bool      `json:"preventive"`
	Owner      string    `json:"owner"`
	Due        string    `json:"due"`
	Deadline   time.Time `json:"deadline"`
	By         string    `json:"by"`
}

// EventType implements setsafe.Body.
func (*ActionPlanned) EventType() string { return "corrective_action.planned" }

// Fold implements setsafe.EventBody.
func (b *ActionPlanned) Fold(f *setsafe.Folding, e setsafe.Event) error {
	s := f.State()
	if Find(s, b.IncidentID) == nil || s.Person(b.Owner) == nil || FindAction(s, b.ID) != nil {
		return fmt.Errorf("corrective action %s of incident %s cannot be planned", b.ID, b.IncidentID)
	}
	f.Put(&Action{ID: b.ID, IncidentID: b.IncidentID, What: b.What, Preventive: b.Preventive, Owner: b.Owner, Due: b.Due,
		Deadline: b.Deadline, Rung: -1, State: ActionStateOpen, PlannedBy: b.By, PlannedAt: e.Time, LastSeq: e.Seq})
	return nil
}

// References implements setsafe.EventBody.
func (b *ActionPlanned) References() setsafe.References {
	return setsafe.References{People: people(b.By, []string{b.Owner})}
}

// Escalation implements setsafe.Escalating.
func (b *ActionPlanned) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return actionStanding(s, b.ID)
}

// Notify implements setsafe.Notifying: the owner learns what they own.
func (b *ActionPlanned) Notify(s *setsafe.State, n *setsafe.Notifications) {
	n.ToPeople([]string{b.Owner}, b.ID, "Corrective action for you: "+b.What,
		fmt.Sprintf("%s\n\nIt is due by the end of %s. It climbs the production's ladder if it is not done by then.", b.What, b.Due))
}

// ActionDone records an action done, by its owner or one who
// investigates, with what was done.
type ActionDone struct {
	ID   string `json:"id"`
	Note string `json:"note"`
	By   string `json:"by"`
}

// EventType implements setsafe.Body.
func (*ActionDone) EventType() string { return "corrective_action.done" }

// Fold implements setsafe.EventBody.
func (b *ActionDone) Fold(f *setsafe.Folding, e setsafe.Event) error {
	a := FindAction(f.State(), b.ID)
	if a == nil || a.State != ActionStateOpen {
		return fmt.Errorf("corrective action %s is not open", b.ID)
	}
	c := *a
	c.State, c.DoneBy, c.DoneAt, c.DoneNote, c.LastSeq = ActionStateDone, b.By, e.Time, b.Note, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *ActionDone) References() setsafe.References { return setsafe.References{People: people(b.By)} }

// Escalation implements setsafe.Escalating: a done action stops climbing.
func (b *ActionDone) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return actionStanding(s, b.ID)
}

// ActionVerified records someone other than who did it checking whether
// a done action worked. One that did not is open again, due anew.
type ActionVerified struct {
	ID     string `json:"id"`
	Worked bool   `json:"worked"`
	Note   string `json:"note"`
	// Due and Deadline are when an action that did not work is due again.
	Due      string    `json:"due,omitempty"`
	Deadline time.Time `json:"deadline,omitzero"`
	By       string    `json:"by"`
}

// EventType implements setsafe.Body.
func (*ActionVerified) EventType() string { return "corrective_action.verified" }

// Fold implements setsafe.EventBody.
func (b *ActionVerified) Fold(f *setsafe.Folding, e setsafe.Event) error {
	a := FindAction(f.State(), b.ID)
	if a == nil || a.State != ActionStateDone {
		return fmt.Errorf("corrective action %s is not done", b.ID)
	}
	c := *a
	c.VerifiedBy, c.VerifiedAt, c.VerifyNote, c.LastSeq = b.By, e.Time, b.Note, e.Seq
	if b.Worked {
		c.State = ActionStateVerified
	} else {
		c.State, c.Due, c.Deadline, c.Rung = ActionStateOpen, b.Due, b.Deadline, -1
	}
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *ActionVerified) References() setsafe.References {
	return setsafe.References{People: people(b.By)}
}

// Escalation implements setsafe.Escalating.
func (b *ActionVerified) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return actionStanding(s, b.ID)
}

// Notify implements setsafe.Notifying: the owner of an action that did
// not work learns it is theirs again.
func (b *ActionVerified) Notify(s *setsafe.State, n *setsafe.Notifications) {
	a := FindAction(s, b.ID)
	if b.Worked || a == nil {
		return
	}
	n.ToPeople([]string{a.Owner}, b.ID, "Corrective action did not work: "+a.What,
		fmt.Sprintf("%s\n\nIt was checked and did not work: %s\n\nIt is due again by the end of %s.", a.What, b.Note, b.Due))
}

// ActionEscalated records an action not done by its deadline climbing to
// the next rung of the ladder. setsafe records it itself, on its clock.
type ActionEscalated struct {
	ID       string    `json:"id"`
	Rung     int64     `json:"rung"`
	Missed   time.Time `json:"missed"`
	Deadline time.Time `json:"deadline"`
}

// EventType implements setsafe.Body.
func (*ActionEscalated) EventType() string { return "corrective_action.escalated" }

// Fold implements setsafe.EventBody.
func (b *ActionEscalated) Fold(f *setsafe.Folding, e setsafe.Event) error {
	a := FindAction(f.State(), b.ID)
	if a == nil || a.State != ActionStateOpen {
		return fmt.Errorf("corrective action %s is not open", b.ID)
	}
	c := *a
	c.Rung, c.Deadline, c.LastSeq = b.Rung, b.Deadline, e.Seq
	f.Put(&c)
	return nil
}

// References implements setsafe.EventBody.
func (b *ActionEscalated) References() setsafe.References { return setsafe.References{} }

// Escalation implements setsafe.Escalating.
func (b *ActionEscalated) Escalation(s *setsafe.State) []setsafe.EscalationUpdate {
	return actionStanding(s, b.ID)
}

// ClockItem implements setsafe.ClockMoving.
func (b *ActionEscalated) ClockItem() string { return actionItem(b.ID) }

// Notify implements setsafe.Notifying: the rung it climbed to, and its
// owner, learn it is overdue.
func (b *ActionEscalated) Notify(s *setsafe.State, n *setsafe.Notifications) {
	a, ladder := FindAction(s, b.ID), s.Ladder()
	if a == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
		return
	}
	subject := "Corrective action overdue: " + a.What
	text := fmt.Sprintf("%s\n\nIt was due by the end of %s and is not done; nobody had it done by %s, so it climbed to you. It climbs again at %s.",
		a.What, a.Due, s.OnSetClock(b.Missed), s.OnSetClock(b.Deadline))
	n.ToRung(ladder[b.Rung], a.ID, subject, text)
	n.ToPeople([]string{a.Owner}, a.ID, subject, text)
}
