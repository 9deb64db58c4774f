package setsafe

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection tables of the day's work.
const (
	tableSetUps    = "setups"
	tableStopWorks = "stop_works"
)

func init() {
	rowTypes[tableSetUps] = func() Row { return new(SetUp) }
	rowTypes[tableStopWorks] = func() Row { return new(StopWork) }
	register[SetUpPlanned](1, "Set-up planned")
	register[ShotPlanRecorded](1, "Shot plan recorded")
	register[SetUpStarted](1, "Set-up started")
	register[StopWorkCalled](1, "Stop-work called")
	register[StopWorkLifted](1, "Stop-work lifted")
}

// SetUp is a scene's shot on a day, with the hazards it brings and, for a
// shot toward people, the plan that makes it safe (FA-9).
type SetUp struct {
	ID    string `db:"id,key" json:"id"`
	Day   string `db:"day" json:"day"`
	Scene string `db:"scene" json:"scene"`
	Name  string `db:"name" json:"name"`
	// Hazards are hazard IDs, space-separated.
	Hazards      string    `db:"hazards" json:"-"`
	TowardPeople bool      `db:"toward_people" json:"toward_people"`
	HasPlan      bool      `db:"has_plan" json:"has_plan"`
	Shields      bool      `db:"plan_shields" json:"plan_shields"`
	Distance     bool      `db:"plan_distance" json:"plan_distance"`
	Remote       bool      `db:"plan_remote" json:"plan_remote"`
	Cleared      bool      `db:"plan_cleared" json:"plan_cleared"`
	PlanNotes    string    `db:"plan_notes" json:"plan_notes,omitempty"`
	StartedAt    time.Time `db:"started_us" json:"started_at,omitzero"`
	LastSeq      int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*SetUp) Table() string { return tableSetUps }

// Key implements Row.
func (u *SetUp) Key() string { return u.ID }

// HazardList returns the set-up's hazards.
func (u *SetUp) HazardList() []string { return strings.Fields(u.Hazards) }

// gate returns the set-up as the gate reads it.
func (u *SetUp) gate() *gate.SetUp {
	g := &gate.SetUp{ID: u.ID, Name: u.Name, Hazards: u.HazardList(), TowardPeople: u.TowardPeople}
	if u.HasPlan {
		g.Plan = &gate.ShotPlan{Shields: u.Shields, MinimumDistance: u.Distance, RemoteCamera: u.Remote, PeopleCleared: u.Cleared}
	}
	return g
}

// StopWork is a call to stop work for safety, in force until lifted.
type StopWork struct {
	ID         string    `db:"id,key" json:"id"`
	Scope      string    `db:"scope" json:"scope"`
	SetUpID    string    `db:"setup_id" json:"setup_id,omitempty"`
	Hazard     string    `db:"hazard" json:"hazard,omitempty"`
	Reason     string    `db:"reason" json:"reason"`
	CalledBy   string    `db:"called_by" json:"called_by"`
	CalledAt   time.Time `db:"called_us" json:"called_at"`
	Lifted     bool      `db:"lifted" json:"lifted"`
	Resolution string    `db:"resolution" json:"resolution,omitempty"`
	LiftedBy   string    `db:"lifted_by" json:"lifted_by,omitempty"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*StopWork) Table() string { return tableStopWorks }

// Key implements Row.
func (w *StopWork) Key() string { return w.ID }

// SetUp returns the set-up with the given ID, or nil.
func (s *State) SetUp(id string) *SetUp { return lookup[*SetUp](s, tableSetUps, id) }

// SetUps returns every set-up, ordered by ID.
func (s *State) SetUps() []*SetUp { return all[*SetUp](s, tableSetUps) }

// GateSetUp returns a set-up as the gate reads it, or nil.
func (s *State) GateSetUp(id string) *gate.SetUp {
	if u := s.SetUp(id); u != nil {
		return u.gate()
	}
	return nil
}

// SetUpsOn returns the set-ups of a day (YYYY-MM-DD), ordered by ID.
func (s *State) SetUpsOn(day string) []*SetUp {
	out := grouped[*SetUp](s, setUpsByDay, day)
	slices.SortFunc(out, byKey)
	return out
}

// StopWork returns the stop-work call with the given ID, or nil.
func (s *State) StopWork(id string) *StopWork { return lookup[*StopWork](s, tableStopWorks, id) }

// StopWorksInForce returns the stop-work calls not lifted, ordered by ID.
func (s *State) StopWorksInForce() []*StopWork {
	out := grouped[*StopWork](s, stopWorksInForce, "")
	slices.SortFunc(out, byKey)
	return out
}

// StopWorks returns every stop-work call, lifted or not, ordered by ID.
func (s *State) StopWorks() []*StopWork { return all[*StopWork](s, tableStopWorks) }

// SetUpPlanned records a set-up for a day.
type SetUpPlanned struct {
	ID           string   `json:"id"`
	Day          string   `json:"day"`
	Scene        string   `json:"scene"`
	Name         string   `json:"name"`
	Hazards      []string `json:"hazards"`
	TowardPeople bool     `json:"toward_people"`
}

func (b *SetUpPlanned) apply(s *State, e Event) error {
	if s.SetUp(b.ID) != nil {
		return fmt.Errorf("set-up %s exists already", b.ID)
	}
	s.put(&SetUp{ID: b.ID, Day: b.Day, Scene: b.Scene, Name: b.Name, Hazards: strings.Join(b.Hazards, " "), TowardPeople: b.TowardPeople, LastSeq: e.Seq})
	return nil
}

func (b *SetUpPlanned) refers() References {
	return References{SetUp: b.ID}
}

// ShotPlanRecorded records how a shot toward people is made safe.
type ShotPlanRecorded struct {
	SetUpID         string `json:"setup_id"`
	Shields         bool   `json:"shields"`
	MinimumDistance bool   `json:"minimum_distance"`
	RemoteCamera    bool   `json:"remote_camera"`
	PeopleCleared   bool   `json:"people_cleared"`
	Notes           string `json:"notes"`
}

func (b *ShotPlanRecorded) apply(s *State, e Event) error {
	u := edit(s.SetUp(b.SetUpID))
	if u == nil {
		return fmt.Errorf("set-up %s does not exist", b.SetUpID)
	}
	u.HasPlan, u.Shields, u.Distance, u.Remote, u.Cleared, u.PlanNotes, u.LastSeq = true, b.Shields, b.MinimumDistance, b.RemoteCamera, b.PeopleCleared, b.Notes, e.Seq
	s.put(u)
	return nil
}

func (b *ShotPlanRecorded) refers() References {
	return References{SetUp: b.SetUpID}
}

// SetUpStarted records the 1st AD calling a set-up ready, with the gate's
// GO.
type SetUpStarted struct {
	SetUpID string `json:"setup_id"`
}

func (b *SetUpStarted) apply(s *State, e Event) error {
	u := edit(s.SetUp(b.SetUpID))
	if u == nil {
		return fmt.Errorf("set-up %s does not exist", b.SetUpID)
	}
	u.StartedAt, u.LastSeq = e.Time, e.Seq
	s.put(u)
	return nil
}

func (b *SetUpStarted) refers() References {
	return References{SetUp: b.SetUpID}
}

// StopWorkCalled records a stop-work.
type StopWorkCalled struct {
	ID       string `json:"id"`
	Scope    string `json:"scope"`
	SetUpID  string `json:"setup_id"`
	Hazard   string `json:"hazard"`
	Reason   string `json:"reason"`
	CalledBy string `json:"called_by"`
	// ConfirmedBy is "pin" when the caller typed their PIN on a shared
	// device signed in by someone else, who is the entry's actor.
	ConfirmedBy string `json:"confirmed_by,omitempty"`
}

func (b *StopWorkCalled) apply(s *State, e Event) error {
	if lookup[*StopWork](s, tableStopWorks, b.ID) != nil {
		return fmt.Errorf("stop-work %s exists already", b.ID)
	}
	s.put(&StopWork{ID: b.ID, Scope: b.Scope, SetUpID: b.SetUpID, Hazard: b.Hazard, Reason: b.Reason, CalledBy: b.CalledBy, CalledAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *StopWorkCalled) refers() References {
	return References{People: named(b.CalledBy), SetUp: b.SetUpID}
}

// notifies tells everyone on the ladder.
func (b *StopWorkCalled) notifies(s *State, n *notifications) {
	what := "the whole production"
	switch {
	case b.Hazard != "":
		what = "work with " + b.Hazard
	case b.SetUpID != "":
		what = "set-up " + b.SetUpID
	}
	for _, r := range s.Ladder() {
		n.toRung(r, b.ID, "Stop-work called: "+what, b.Reason)
	}
}

// StopWorkLifted records a stop-work lifted, with its resolution.
type StopWorkLifted struct {
	ID         string `json:"id"`
	Resolution string `json:"resolution"`
	LiftedBy   string `json:"lifted_by"`
}

func (b *StopWorkLifted) apply(s *State, e Event) error {
	w := edit(lookup[*StopWork](s, tableStopWorks, b.ID))
	if w == nil {
		return fmt.Errorf("stop-work %s does not exist", b.ID)
	}
	w.Lifted, w.Resolution, w.LiftedBy, w.LastSeq = true, b.Resolution, b.LiftedBy, e.Seq
	s.put(w)
	return nil
}

func (b *StopWorkLifted) refers() References {
	return References{People: named(b.LiftedBy)}
}

// notifies tells everyone on the ladder.
func (b *StopWorkLifted) notifies(s *State, n *notifications) {
	for _, r := range s.Ladder() {
		n.toRung(r, b.ID, "Stop-work lifted", b.Resolution)
	}
}

// EventType implementations.
func (*SetUpPlanned) EventType() string     { return "setup.planned" }
func (*ShotPlanRecorded) EventType() string { return "setup.shot_plan_recorded" }
func (*SetUpStarted) EventType() string     { return "setup.started" }
func (*StopWorkCalled) EventType() string   { return "stop_work.called" }
func (*StopWorkLifted) EventType() string   { return "stop_work.lifted" }

func (s *State) addStopWorks(sit *gate.Situation) {
	for _, w := range s.StopWorksInForce() {
		by := "anonymous"
		if p := s.Person(w.CalledBy); p != nil {
			by = p.Name
		}
		sit.StopWorks = append(sit.StopWorks, gate.StopWork{Scope: w.Scope, SetUp: w.SetUpID, Hazard: w.Hazard, By: by, Reason: w.Reason})
	}
}

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
}

// Authorize implements Command.
func (c PlanSetUp) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c PlanSetUp) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	b := &SetUpPlanned{ID: c.ID, Day: cleanDay(p, "day", c.Day, false),
		Scene:        cleanText(p, "scene", c.Scene, MaxShortText, true),
		Name:         cleanText(p, "name", c.Name, MaxShortText, true),
		Hazards:      cleanHazards(p, "hazards", c.Hazards),
		TowardPeople: c.TowardPeople}
	if c.TowardPeople && !slices.Contains(b.Hazards, gate.HazardFirearms) {
		p.Add("toward_people", "applies to a set-up with firearms")
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
	return one(b), nil
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
	notes := cleanReason(p, "notes", c.Notes, false)
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
	by, err := actingPerson(s, d, c.By)
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

// StopWorkScopes are what a stop-work may cover.
var StopWorkScopes = []string{gate.ScopeProduction, gate.ScopeSetUp, gate.ScopeHazard}

// CallStopWork stops work for safety: the whole production, one set-up or
// one hazard. Anyone on the production may call it (WS-4): on their own
// phone, or with their PIN on the shared device of the day.
type CallStopWork struct {
	ID      string
	Scope   string
	SetUpID string
	Hazard  string
	Reason  string
	By      string
	// ConfirmedBy is StopWorkByPIN when By typed their PIN on the shared
	// device of the day, which the server checked; empty when the
	// signed-in person calls it themselves.
	ConfirmedBy string
}

// StopWorkByPIN says a stop-work was called on a shared device by the
// person whose PIN was typed.
const StopWorkByPIN = "pin"

// Authorize implements Command.
func (c CallStopWork) Authorize(a Access, _ *State) error {
	if c.ConfirmedBy == StopWorkByPIN {
		// The shared device is the one attendance is confirmed on.
		return a.Require(PermRunMeetings)
	}
	return a.Require(PermTakePart)
}

// Decide implements Command.
func (c CallStopWork) Decide(s *State, d Decision) (Outcome, error) {
	var by string
	var err error
	switch c.ConfirmedBy {
	case "":
		by, err = actingPerson(s, d, c.By)
	case StopWorkByPIN:
		by = c.By
		_, err = activePerson(s, c.By)
	default:
		err = &Error{Code: EInvalid, Message: "Say how the caller confirmed the stop-work.",
			Fields: map[string]string{"confirmed_by": "must be pin, or left out when you call it yourself"}}
	}
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	oneOf(p, "scope", c.Scope, StopWorkScopes)
	reason := cleanReason(p, "reason", c.Reason, true)
	b := &StopWorkCalled{ID: c.ID, Scope: c.Scope, Reason: reason, CalledBy: by, ConfirmedBy: c.ConfirmedBy}
	switch c.Scope {
	case gate.ScopeSetUp:
		if s.SetUp(c.SetUpID) == nil {
			p.Add("setup_id", "must name a set-up of this production")
		}
		b.SetUpID = c.SetUpID
	case gate.ScopeHazard:
		if _, ok := gate.FindHazard(c.Hazard); !ok {
			p.Add("hazard", "must be among %s", strings.Join(gate.HazardIDs(), ", "))
		}
		b.Hazard = c.Hazard
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*StopWork](s, tableStopWorks, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Stop-work %s exists already.", c.ID)
	}
	return one(b), nil
}

// LiftStopWork lifts a stop-work with a written resolution. Only the
// safety coordinator or a producer may.
type LiftStopWork struct {
	ID         string
	Resolution string
	By         string
}

// Authorize implements Command.
func (c LiftStopWork) Authorize(a Access, _ *State) error {
	if a.System || a.Has(RoleSafetyCoordinator) || a.Has(RoleProducer) {
		return nil
	}
	return Errorf(EForbidden, "Only the safety coordinator or a producer can lift a stop-work.")
}

// Decide implements Command.
func (c LiftStopWork) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	w := lookup[*StopWork](s, tableStopWorks, c.ID)
	if w == nil {
		return Outcome{}, Errorf(ENotFound, "There is no stop-work %s.", c.ID)
	}
	p := Problems{}
	resolution := cleanReason(p, "resolution", c.Resolution, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if w.Lifted {
		return Outcome{}, nil
	}
	return one(&StopWorkLifted{ID: w.ID, Resolution: resolution, LiftedBy: by}), nil
}
