package setsafe

import (
	"strings"

	"github.com/setsafe/setsafe/gate"
)

// StopWorkScopes are what a stop-work may cover.
var StopWorkScopes = []string{gate.ScopeProduction, gate.ScopeSetUp, gate.ScopeHazard, gate.ScopeLocation}

// CallStopWork stops work for safety: the whole production, one set-up,
// one hazard or every set-up at one location. Anyone on the production may call it (WS-4): on their own
// phone, or with their PIN on the shared device of the day.
type CallStopWork struct {
	ID      string
	Scope   string
	SetUpID string
	Hazard  string
	// LocationID is the location whose set-ups it stops, for scope
	// location.
	LocationID string
	Reason     string
	By         string
	// ConfirmedBy is StopWorkByPIN when By typed their PIN on the shared
	// device of the day, which the server checked; empty when the
	// signed-in person calls it themselves.
	ConfirmedBy string
	// Injury says someone was hurt: the incident register opens an
	// incident for it.
	Injury bool
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
		by, err = ActingPerson(s, d, c.By)
	case StopWorkByPIN:
		by = c.By
		_, err = ActivePerson(s, c.By)
	default:
		err = &Error{Code: EInvalid, Message: "Say how the caller confirmed the stop-work.",
			Fields: map[string]string{"confirmed_by": "must be pin, or left out when you call it yourself"}}
	}
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	OneOf(p, "scope", c.Scope, StopWorkScopes)
	reason := CleanReason(p, "reason", c.Reason, true)
	b := &StopWorkCalled{ID: c.ID, Scope: c.Scope, Reason: reason, CalledBy: by, ConfirmedBy: c.ConfirmedBy, Injury: c.Injury}
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
	case gate.ScopeLocation:
		if s.Location(c.LocationID) == nil {
			p.Add("location_id", "must name a location of this production")
		}
		b.LocationID = c.LocationID
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
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	w := lookup[*StopWork](s, tableStopWorks, c.ID)
	if w == nil {
		return Outcome{}, Errorf(ENotFound, "There is no stop-work %s.", c.ID)
	}
	p := Problems{}
	resolution := CleanReason(p, "resolution", c.Resolution, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if w.Lifted {
		return Outcome{}, nil
	}
	return one(&StopWorkLifted{ID: w.ID, Resolution: resolution, LiftedBy: by}), nil
}
