package setsafe

import (
	"fmt"
	"slices"
	"strings"

	"github.com/setsafe/setsafe/gate"
)

func init() {
	register[SetUpPlanned](1, "Set-up planned")
	register[ShotPlanRecorded](1, "Shot plan recorded")
	register[SetUpStarted](1, "Set-up started")
	register[SetUpStateCalled](1, "Set-up state called")
}

// SetUpPlanned records a set-up for a day.
type SetUpPlanned struct {
	ID           string   `json:"id"`
	Day          string   `json:"day"`
	Scene        string   `json:"scene"`
	Name         string   `json:"name"`
	Hazards      []string `json:"hazards"`
	TowardPeople bool     `json:"toward_people"`
}

// EventType implements Body.
func (*SetUpPlanned) EventType() string { return "setup.planned" }

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

// EventType implements Body.
func (*ShotPlanRecorded) EventType() string { return "setup.shot_plan_recorded" }

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

// EventType implements Body.
func (*SetUpStarted) EventType() string { return "setup.started" }

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

// SetUpStateCalled records the 1st AD calling where a set-up stands:
// rehearsal, standing by, rolling, cut, on hold or wrapped (FA-8). Each
// call is its own entry, so the ledger keeps the day's every take.
type SetUpStateCalled struct {
	SetUpID string `json:"setup_id"`
	State   string `json:"state"`
}

// EventType implements Body.
func (*SetUpStateCalled) EventType() string { return "setup.state_called" }

func (b *SetUpStateCalled) apply(s *State, e Event) error {
	u := edit(s.SetUp(b.SetUpID))
	if u == nil {
		return fmt.Errorf("set-up %s does not exist", b.SetUpID)
	}
	if !slices.Contains(gate.TakeStates, b.State) {
		return fmt.Errorf("unknown set-up state %q", b.State)
	}
	u.State, u.StateSince, u.LastSeq = b.State, e.Time, e.Seq
	s.put(u)
	return nil
}

func (b *SetUpStateCalled) refers() References {
	return References{SetUp: b.SetUpID}
}
