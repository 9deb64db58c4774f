package incident

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
)

// An incident's timeline is the production's ledger around it, as an
// investigator reads it: what happened to the firearms, lots, people and
// set-up it names, and the warning signs of the days before (refusals,
// alerts, concerns, stop-works, discharges, live rounds), from
// TimelineBefore it happened until TimelineAfter it was recorded.
const (
	TimelineBefore = 7 * 24 * time.Hour
	TimelineAfter  = 24 * time.Hour
)

// TimelineWindow returns when an incident's timeline starts and ends, by
// the time entries were recorded.
func TimelineWindow(x *Incident) (from, to time.Time) {
	return x.OccurredAt.Add(-TimelineBefore), x.RecordedAt.Add(TimelineAfter)
}

// warningPrefixes are the kinds of entry that are warning signs wherever
// they happen on the production.
var warningPrefixes = []string{"action.refused", "alert.", "concern.raised", "concern.escalated", "stop_work.",
	"firearm.discharge_reported", "live_round.", "ammo_lot.check_failed", "day.reconciled"}

// aboutIncident is an entry of the register about one incident.
type aboutIncident interface {
	incident() string
}

func (b *Opened) incident() string                 { return b.ID }
func (b *Amended) incident() string                { return b.ID }
func (b *ConcernLinked) incident() string          { return b.ID }
func (b *InvestigatorAssigned) incident() string   { return b.ID }
func (b *FactorRecorded) incident() string         { return b.ID }
func (b *InvestigationConcluded) incident() string { return b.ID }
func (b *InvestigationSignedOff) incident() string { return b.ID }
func (b *ActionPlanned) incident() string          { return b.IncidentID }

// InTimeline reports whether an entry belongs in an incident's timeline,
// its time aside: it is a warning sign, an entry about the incident, or
// one that names a firearm, lot, person or the set-up the incident names.
func InTimeline(x *Incident, e setsafe.Event) bool {
	typ := e.Type()
	if slices.ContainsFunc(warningPrefixes, func(p string) bool { return strings.HasPrefix(typ, p) }) {
		return true
	}
	if a, ok := e.Body.(aboutIncident); ok {
		return a.incident() == x.ID
	}
	r := setsafe.RefersTo(e.Body)
	if x.SetUpID != "" && r.SetUp == x.SetUpID {
		return true
	}
	people := append(x.PeopleIDs(), x.WitnessIDs()...)
	if x.ReportedBy != "" {
		people = append(people, x.ReportedBy)
	}
	return overlaps(r.Firearms, x.FirearmIDs()) || overlaps(r.Lots, x.LotIDs()) || overlaps(r.People, people) ||
		e.Actor.Kind == setsafe.ActorPerson && slices.Contains(people, e.Actor.ID)
}

func overlaps(a, b []string) bool {
	return slices.ContainsFunc(a, func(id string) bool { return slices.Contains(b, id) })
}
