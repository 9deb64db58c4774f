package dailyreport

import (
	"slices"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/incident"
)

// DayIncident is an incident of the register that happened during the
// day, as it stands now.
type DayIncident struct {
	ID         string    `json:"id"`
	OccurredAt time.Time `json:"occurred_at"`
	Kind       string    `json:"kind"`
	// Severity is "" until someone assesses it.
	Severity           string `json:"severity"`
	CouldHaveBeenFatal bool   `json:"could_have_been_fatal"`
	State              string `json:"state"`
	Description        string `json:"description,omitempty"`
	Where              string `json:"where,omitempty"`
}

// DayOverdueWork is a corrective or preventive action not done by its due
// day, of any incident, as it stands when the report is made.
type DayOverdueWork struct {
	ID         string `json:"id"`
	IncidentID string `json:"incident_id"`
	What       string `json:"what"`
	Owner      Who    `json:"owner"`
	Due        string `json:"due"`
	// Rung is the rung of the ladder it has climbed to, in words; "" if
	// it has not climbed yet.
	Rung string `json:"rung,omitempty"`
}

// incidents gathers the incidents that happened during the day and the
// corrective actions overdue now.
func (b *builder) incidents() {
	for _, x := range incident.All(b.s) {
		if !b.onDay(x.OccurredAt) {
			continue
		}
		b.r.Incidents = append(b.r.Incidents, DayIncident{ID: x.ID, OccurredAt: x.OccurredAt, Kind: spoken(x.Kind), Severity: x.Severity,
			CouldHaveBeenFatal: x.CouldHaveBeenFatal, State: x.State, Description: x.Description, Where: where(b.s.LocationName(x.LocationID), x.Where)})
	}
	slices.SortStableFunc(b.r.Incidents, func(x, y DayIncident) int { return x.OccurredAt.Compare(y.OccurredAt) })
	for _, a := range incident.OpenActions(b.s) {
		if !a.Overdue(b.now, b.s) {
			continue
		}
		w := DayOverdueWork{ID: a.ID, IncidentID: a.IncidentID, What: a.What, Owner: b.who(a.Owner), Due: a.Due}
		if a.Rung >= 0 && a.Rung < int64(len(setsafe.Rungs)) {
			w.Rung = spoken(setsafe.Rungs[a.Rung])
		}
		b.r.OverdueWork = append(b.r.OverdueWork, w)
	}
}
