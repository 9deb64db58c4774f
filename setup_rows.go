package setsafe

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of set-ups.
const tableSetUps = "setups"

func init() {
	rowTypes[tableSetUps] = func() Row { return new(SetUp) }
}

// SetUp is a scene's shot on a day, with the hazards it brings and, for a
// shot toward people, the plan that makes it safe (FA-9).
type SetUp struct {
	ID    string `db:"id,key" json:"id"`
	Day   string `db:"day" json:"day"`
	Scene string `db:"scene" json:"scene"`
	Name  string `db:"name" json:"name"`
	// Hazards are hazard IDs, space-separated.
	Hazards string `db:"hazards" json:"-"`
	// LocationID is where it is shot, or "".
	LocationID   string    `db:"location_id" json:"location_id,omitempty"`
	TowardPeople bool      `db:"toward_people" json:"toward_people"`
	HasPlan      bool      `db:"has_plan" json:"has_plan"`
	Shields      bool      `db:"plan_shields" json:"plan_shields"`
	Distance     bool      `db:"plan_distance" json:"plan_distance"`
	Remote       bool      `db:"plan_remote" json:"plan_remote"`
	Cleared      bool      `db:"plan_cleared" json:"plan_cleared"`
	PlanNotes    string    `db:"plan_notes" json:"plan_notes,omitempty"`
	StartedAt    time.Time `db:"started_us" json:"started_at,omitzero"`
	// State is where the set-up stands, one of gate.TakeStates, as the 1st
	// AD last called it; StateSince since when.
	State      string    `db:"state" json:"state"`
	StateSince time.Time `db:"state_us" json:"state_since,omitzero"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*SetUp) Table() string { return tableSetUps }

// Key implements Row.
func (u *SetUp) Key() string { return u.ID }

// TakeState is where the set-up stands: planned until the 1st AD calls
// another state.
func (u *SetUp) TakeState() string {
	if u.State == "" {
		return gate.TakePlanned
	}
	return u.State
}

// HazardList returns the set-up's hazards.
func (u *SetUp) HazardList() []string { return strings.Fields(u.Hazards) }

// gate returns the set-up as the gate reads it.
func (u *SetUp) gate() *gate.SetUp {
	g := &gate.SetUp{ID: u.ID, Name: u.Name, Hazards: u.HazardList(), Location: u.LocationID, TowardPeople: u.TowardPeople, State: u.TakeState(), StateSince: u.StateSince}
	if u.HasPlan {
		g.Plan = &gate.ShotPlan{Shields: u.Shields, MinimumDistance: u.Distance, RemoteCamera: u.Remote, PeopleCleared: u.Cleared}
	}
	return g
}

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
