package setsafe

import (
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

func cleanHazards(p Problems, field string, hazards []string) []string {
	out := []string{}
	for _, h := range hazards {
		if _, ok := gate.FindHazard(h); !ok {
			p.Add(field, "must be among %s", strings.Join(gate.HazardIDs(), ", "))
			return out
		}
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}

// PlanSetUp records a set-up for a day (today if Day is empty) with its
// hazards.
type PlanSetUp struct {
	ID           string
	Day          string
	Scene        string
	Name         string
	Hazards      []string
	TowardPeople bool
	// LocationID is where it is shot, or "".
	LocationID string
}

// Authorize implements Command.
func (c PlanSetUp) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c PlanSetUp) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &SetUpPlanned{ID: c.ID, Day: CleanDay(p, "day", c.Day, false),
		Scene:        CleanText(p, "scene", c.Scene, MaxShortText, true),
		Name:         CleanText(p, "name", c.Name, MaxShortText, true),
		Hazards:      cleanHazards(p, "hazards", c.Hazards),
		TowardPeople: c.TowardPeople}
	if c.TowardPeople && !slices.Contains(b.Hazards, gate.HazardFirearms) {
		p.Add("toward_people", "applies to a set-up with firearms")
	}
	if c.LocationID != "" && s.Location(c.LocationID) == nil {
		p.Add("location_id", "must name a location of this production; add the location first")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if b.Day == "" {
		b.Day = s.Day(d.Now)
	}
	if s.SetUp(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Set-up %s exists already.", c.ID)
	}
	out := one(b)
	if c.LocationID != "" {
		out.Events = append(out.Events, Draft{Body: &SetUpLocated{SetUpID: c.ID, LocationID: c.LocationID}})
	}
	return out, nil
}

// RecordShotPlan records the armorer's plan for a shot toward people:
// shields, minimum distance, remote camera, people cleared (FA-9).
type RecordShotPlan struct {
	SetUpID         string
	Shields         bool
	MinimumDistance bool
	RemoteCamera    bool
	PeopleCleared   bool
	Notes           string
}

// Authorize implements Command.
func (c RecordShotPlan) Authorize(a Access, _ *State) error { return a.Require(PermArmory) }

// Decide implements Command.
func (c RecordShotPlan) Decide(s *State, d Decision) (Outcome, error) {
	u := s.SetUp(c.SetUpID)
	if u == nil {
		return Outcome{}, Errorf(ENotFound, "There is no set-up %s.", c.SetUpID)
	}
	p := Problems{}
	notes := CleanReason(p, "notes", c.Notes, false)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	return one(&ShotPlanRecorded{SetUpID: u.ID, Shields: c.Shields, MinimumDistance: c.MinimumDistance, RemoteCamera: c.RemoteCamera,
		PeopleCleared: c.PeopleCleared, Notes: notes}), nil
}

// StartSetUp calls a set-up ready to shoot; the gate checks its hazards'
// preparations and any stop-work.
type StartSetUp struct {
	SetUpID string
	By      string
}

// Authorize implements Command.
func (c StartSetUp) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c StartSetUp) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	u := s.SetUp(c.SetUpID)
	if u == nil {
		return Outcome{}, Errorf(ENotFound, "There is no set-up %s.", c.SetUpID)
	}
	if today := s.Day(d.Now); u.Day != today {
		return Outcome{}, Errorf(EConflict, "%s is planned for %s; today is %s.", u.Name, u.Day, today)
	}
	return gated(s, d, gate.Action{Kind: gate.StartSetUp, From: by, SetUp: u.gate()}, Draft{Body: &SetUpStarted{SetUpID: u.ID}})
}

// CallSetUpState records the 1st AD calling where a set-up stands, with
// one tap on Today. Calling a take (rehearsal, standing by, rolling) on a
// set-up not yet started starts it first, so the gate checks its hazards'
// preparations in the same decision; a wrapped set-up stays wrapped.
type CallSetUpState struct {
	SetUpID string
	State   string
	By      string
}

// Authorize implements Command.
func (c CallSetUpState) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c CallSetUpState) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	OneOf(p, "state", c.State, gate.TakeStates)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	u := s.SetUp(c.SetUpID)
	if u == nil {
		return Outcome{}, Errorf(ENotFound, "There is no set-up %s.", c.SetUpID)
	}
	switch {
	case u.TakeState() == c.State:
		return Outcome{}, nil // called already: nothing new to record
	case u.TakeState() == gate.TakeWrapped:
		return Outcome{}, Errorf(EConflict, "%s is wrapped; plan a new set-up to shoot it again.", u.Name)
	case c.State == gate.TakePlanned:
		return Outcome{}, Errorf(EConflict, "%s cannot go back to planned; put it on hold or wrap it.", u.Name)
	}
	call := Draft{Body: &SetUpStateCalled{SetUpID: u.ID, State: c.State}}
	if u.StartedAt.IsZero() && slices.Contains([]string{gate.TakeRehearsal, gate.TakeStandingBy, gate.TakeRolling}, c.State) {
		start, err := StartSetUp{SetUpID: u.ID, By: c.By}.Decide(s, d)
		if err != nil || start.Refusal != nil {
			return start, err
		}
		start.Events = append(start.Events, call)
		return start, nil
	}
	return Outcome{Events: []Draft{call}}, nil
}
