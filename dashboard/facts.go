package dashboard

import (
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
)

// Facts are what a production's counts are made of, from its state or
// from storage, since a moment.
type Facts struct {
	Production string
	Name       string
	Zone       *time.Location
	Concerns   []Concern
	Incidents  []Incident
	Refusals   []RefusalCount
	Alerts     []Alert
	StopWorks  []time.Time
	// Actions are the corrective actions not done yet.
	Actions []Action
	// Patterns is how many patterns of incidents are in force.
	Patterns int
}

// Concern is a concern raised, and when it was first acknowledged (zero
// if not yet).
type Concern struct {
	Severity     string
	Raised       time.Time
	Acknowledged time.Time
}

// Incident is an incident by its kind and when it happened.
type Incident struct {
	Kind     string
	Occurred time.Time
}

// Alert is an alert raised.
type Alert struct {
	Kind   string
	Raised time.Time
}

// Action is a corrective action not done yet, by its due day on the set's
// clock.
type Action struct {
	Due string
}

// FromState gathers a production's facts since a moment from its state.
func FromState(s *setsafe.State, since time.Time) Facts {
	p := s.Production()
	f := Facts{Production: s.Ledger, Zone: p.Zone(), Name: p.Name}
	for _, c := range s.Concerns() {
		if !c.RaisedAt.Before(since) {
			f.Concerns = append(f.Concerns, Concern{Severity: c.Severity, Raised: c.RaisedAt, Acknowledged: c.AcknowledgedAt})
		}
	}
	for _, x := range incident.All(s) {
		if !x.OccurredAt.Before(since) {
			f.Incidents = append(f.Incidents, Incident{Kind: x.Kind, Occurred: x.OccurredAt})
		}
	}
	first := s.Day(since)
	for _, r := range setsafe.All[*RefusalCount](s, tableRefusals) {
		if r.Day >= first {
			f.Refusals = append(f.Refusals, *r)
		}
	}
	for _, a := range s.Alerts() {
		if !a.RaisedAt.Before(since) {
			f.Alerts = append(f.Alerts, Alert{Kind: a.Kind, Raised: a.RaisedAt})
		}
	}
	for _, w := range s.StopWorks() {
		if !w.CalledAt.Before(since) {
			f.StopWorks = append(f.StopWorks, w.CalledAt)
		}
	}
	for _, a := range incident.OpenActions(s) {
		f.Actions = append(f.Actions, Action{Due: a.Due})
	}
	f.Patterns = len(incident.PatternsInForce(s))
	return f
}
