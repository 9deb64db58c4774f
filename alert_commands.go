package setsafe

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// alertRoles are told of an alert the moment it is raised: the people
// who bring a firearm back (FA-8); for a duty gap, with no armorer to tell,
// those who answer for the set (FA-2).
func alertRoles(kind string) []Role {
	if kind == gate.AlertDutyGap {
		return []Role{RoleFirstAD, RoleSafetyCoordinator, RoleProducer}
	}
	return []Role{RoleArmorer, RoleAssistantArmorer, RoleFirstAD}
}

// The escalation clock's items besides concerns: a firearm's watch
// ("watch:" and its ID), and an alert climbing the ladder.
const (
	watchPrefix = "watch:"
	alertPrefix = "alert:"
)

func alertItem(id string) string { return alertPrefix + id }

func watchItem(firearm string) string { return watchPrefix + firearm }

// watcher is an event body that changes who counts as an armorer or how
// long a firearm may stay out, without naming a firearm: every firearm out
// is watched again after it.
type watcher interface {
	changesWatch()
}

func (*RoleGranted) changesWatch()      {}
func (*RoleRevoked) changesWatch()      {}
func (*PersonLeft) changesWatch()       {}
func (*SafetyProfileSet) changesWatch() {}
func (*DutyStarted) changesWatch()      {}
func (*DutyEnded) changesWatch()        {}

// watchUpdates are the watches of the firearms an entry may have changed
// the standing of: those it names; those issued for the set-up it names;
// and, after an entry that changes who counts as an armorer or the limits,
// every firearm out and every firearm with an alert. Each firearm has its
// own, so that a hand-off looks at one firearm however many are out.
func (s *State) watchUpdates(e Event) []EscalationUpdate {
	r := RefersTo(e.Body)
	firearms := slices.Clone(r.Firearms)
	_, all := e.Body.(watcher)
	if r.SetUp != "" || all {
		for _, f := range s.FirearmsOutOrLoaded() {
			if all || f.SetUpID == r.SetUp {
				firearms = append(firearms, f.ID)
			}
		}
	}
	if all {
		for _, a := range s.UnresolvedAlerts() {
			firearms = append(firearms, a.FirearmID)
		}
	}
	slices.Sort(firearms)
	var out []EscalationUpdate
	for _, id := range slices.Compact(firearms) {
		out = append(out, s.watchUpdate(e.Time, id))
	}
	return out
}

// watchUpdate is when a firearm's watch is next due after an entry at now:
// at once when an alert about it is to be raised or resolved, else when it
// would next be out too long, or never.
func (s *State) watchUpdate(now time.Time, firearm string) EscalationUpdate {
	raise, resolve, next, err := s.watch(now, firearm)
	switch {
	case err != nil:
		return EscalationUpdate{Item: watchItem(firearm)} // no rules to watch by: nothing to do
	case len(raise) > 0 || len(resolve) > 0:
		next = now
	}
	return EscalationUpdate{Item: watchItem(firearm), Deadline: next, Waiting: !next.IsZero()}
}

// watch compares what the watched rules raise about a firearm at now with
// its alerts unresolved: the alerts to raise, those to resolve, and when
// its watch is next due if nothing changes.
func (s *State) watch(now time.Time, firearm string) (raise []gate.Alert, resolve []*Alert, next time.Time, err error) {
	sit, err := s.watchSituation(now, firearm)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	alerts, next := gate.Watch(sit)
	holds := map[string]bool{}
	for _, a := range alerts {
		holds[a.Key()] = true
		if s.alertOn(a.Key()) == nil {
			raise = append(raise, a)
		}
	}
	for _, kind := range gate.AlertKinds {
		a := s.alertOn(gate.Alert{Kind: kind, Firearm: firearm}.Key())
		switch {
		case a == nil:
		case a.Kind == gate.AlertDutyGap && !gate.Recovered(sit, firearm):
			// The gap closed, but the firearm is not back yet.
		case !holds[a.Condition]:
			resolve = append(resolve, a)
		}
	}
	return raise, resolve, next, nil
}

// WatchFirearm raises the alerts the watched rules call for about a
// firearm and resolves those whose condition ended. setsafe's clock sends
// it when the firearm's watch is due; it records nothing when nothing
// changed.
type WatchFirearm struct {
	FirearmID string
}

// Authorize implements Command.
func (c WatchFirearm) Authorize(a Access, _ *State) error {
	return OnlyTheClock(a, "raises and resolves alerts")
}

// Decide implements Command.
func (c WatchFirearm) Decide(s *State, d Decision) (Outcome, error) {
	raise, resolve, _, err := s.watch(d.Now, c.FirearmID)
	if err != nil {
		return Outcome{}, err
	}
	var out Outcome
	for _, a := range resolve {
		out.Events = append(out.Events, Draft{Body: &AlertResolved{ID: a.ID, FirearmID: a.FirearmID, Resolution: s.resolution(a)}})
	}
	clock := s.Clock(SeverityCritical)
	for _, a := range raise {
		out.Events = append(out.Events, Draft{Body: &AlertRaised{ID: NewID(), Condition: a.Key(), Kind: a.Kind, FirearmID: a.Firearm, SetUpID: a.SetUp,
			Holder: a.Holder, Rule: string(a.Rule), Message: a.Reason.Message, Format: a.Reason.Format, Args: blanks(a.Reason.Args),
			Deadline: d.Now.Add(clock.Acknowledge())}})
	}
	return out, nil
}

// blanks says a reason's blanks as its English message has them.
func blanks(args []any) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = fmt.Sprint(a)
	}
	return out
}

// resolution says, in words, how an alert's condition ended.
func (s *State) resolution(a *Alert) string {
	f := s.Firearm(a.FirearmID)
	switch {
	case f == nil:
		return "the firearm is no longer on the production"
	case f.Store != "":
		return "the firearm is locked in " + f.Store
	case f.Custodian != a.Holder:
		if p := s.Person(f.Custodian); p != nil {
			return "the firearm went back to " + p.Name
		}
	}
	if u := s.SetUp(a.SetUpID); u != nil && (u.TakeState() == gate.TakeStandingBy || u.TakeState() == gate.TakeRolling) {
		return u.Name + " is " + spoken(u.TakeState()) + " again"
	}
	return "the condition ended"
}

// alertEscalation is where an alert stands for the escalation clock.
func (s *State) alertEscalation(id string) []EscalationUpdate {
	a := s.Alert(id)
	if a == nil {
		return nil
	}
	_, climbs := s.NextRungAfter(a.Rung)
	return []EscalationUpdate{{Item: alertItem(id), Deadline: a.Deadline, Waiting: a.State == AlertStateOpen && climbs && !a.Deadline.IsZero()}}
}

// NextRungAfter returns the first rung above rung with someone on it.
func (s *State) NextRungAfter(rung int64) (int64, bool) {
	ladder := s.Ladder()
	for i := rung + 1; i < int64(len(ladder)); i++ {
		if r := ladder[i]; r.People != "" || r.Email != "" || r.Webhook != "" {
			return i, true
		}
	}
	return 0, false
}

// EscalateAlert climbs an open alert nobody acknowledged in time to the
// next rung of the ladder with someone on it, on the clock of a critical
// concern. setsafe's clock sends it; when the alert is not due, nothing is
// recorded.
type EscalateAlert struct {
	ID string
}

// Authorize implements Command.
func (c EscalateAlert) Authorize(a Access, _ *State) error {
	return OnlyTheClock(a, "escalates an alert")
}

// Decide implements Command.
func (c EscalateAlert) Decide(s *State, d Decision) (Outcome, error) {
	a := s.Alert(c.ID)
	if a == nil {
		return Outcome{}, Errorf(ENotFound, "There is no alert %s.", c.ID)
	}
	next, ok := s.NextRungAfter(a.Rung)
	if !ok || a.State != AlertStateOpen || a.Deadline.IsZero() || d.Now.Before(a.Deadline) {
		return Outcome{}, nil
	}
	return one(&AlertEscalated{ID: a.ID, Rung: next, Missed: a.Deadline, Deadline: d.Now.Add(s.Clock(SeverityCritical).Acknowledge())}), nil
}

// AcknowledgeAlert records someone taking charge of an open alert, saying
// what they are doing about it: the armorer, the 1st AD, or whoever handles
// safety. It stops climbing; it stays shown until its condition ends.
type AcknowledgeAlert struct {
	ID     string
	Reason string
	By     string
}

// Authorize implements Command.
func (c AcknowledgeAlert) Authorize(a Access, _ *State) error {
	for _, p := range []Permission{PermArmory, PermRunMeetings, PermManageSafety} {
		if a.Can(p) {
			return nil
		}
	}
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c AcknowledgeAlert) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	a := s.Alert(c.ID)
	if a == nil {
		return Outcome{}, Errorf(ENotFound, "There is no alert %s.", c.ID)
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	switch a.State {
	case AlertStateResolved:
		return Outcome{}, Errorf(EConflict, "This alert is resolved already: %s.", a.Resolution)
	case AlertStateAcknowledged:
		return Outcome{}, Errorf(EConflict, "This alert is acknowledged already.")
	}
	return one(&AlertAcknowledged{ID: a.ID, By: by, Reason: strings.TrimSpace(reason)}), nil
}
