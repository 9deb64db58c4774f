package dailyreport

import (
	"time"
)

// DayStopWork is a stop-work called or lifted during the day (WS-4).
type DayStopWork struct {
	ID string `json:"id"`
	// What is the work it stops: the whole production, a set-up, a
	// hazard's work, a location's.
	What   string `json:"what"`
	Reason string `json:"reason"`
	// CalledAt is when it was called, on this day or before; CalledBy
	// who called it.
	CalledAt time.Time `json:"called_at"`
	CalledBy *Who      `json:"called_by,omitempty"`
	// LiftedAt, LiftedBy and Resolution say how it was lifted that day;
	// InForce whether it still stops work now.
	LiftedAt   time.Time `json:"lifted_at,omitzero"`
	LiftedBy   *Who      `json:"lifted_by,omitempty"`
	Resolution string    `json:"resolution,omitempty"`
	InForce    bool      `json:"in_force"`
}

// DayAlert is an alert raised, climbing, acknowledged or resolved during
// the day: a firearm not back with the armorer (FA-8).
type DayAlert struct {
	ID      string `json:"id"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	// RaisedAt is when it was raised; RaisedToday whether that was on the
	// day reported.
	RaisedAt       time.Time `json:"raised_at"`
	RaisedToday    bool      `json:"raised_today"`
	Escalations    []DayRung `json:"escalations"`
	AcknowledgedAt time.Time `json:"acknowledged_at,omitzero"`
	AcknowledgedBy *Who      `json:"acknowledged_by,omitempty"`
	Acknowledgment string    `json:"acknowledgment,omitempty"`
	ResolvedAt     time.Time `json:"resolved_at,omitzero"`
	Resolution     string    `json:"resolution,omitempty"`
	// State is where it stands now: open, acknowledged or resolved.
	State string `json:"state"`
}

// DayRung is a climb up the escalation ladder: when, and to which rung.
type DayRung struct {
	At   time.Time `json:"at"`
	Rung string    `json:"rung"`
}

// DayDischarge is a misfire, discharge or malfunction reported during the
// day (WS-1).
type DayDischarge struct {
	ID          string    `json:"id"`
	OccurredAt  time.Time `json:"occurred_at"`
	Kind        string    `json:"kind"`
	Firearm     string    `json:"firearm"`
	Description string    `json:"description"`
	ReportedBy  *Who      `json:"reported_by,omitempty"`
}

// DayLiveRound is a live round reported on set during the day (AM-1).
type DayLiveRound struct {
	ID          string    `json:"id"`
	OccurredAt  time.Time `json:"occurred_at"`
	Description string    `json:"description"`
	ReportedBy  *Who      `json:"reported_by,omitempty"`
	Cleared     bool      `json:"cleared"`
}

// stopWork completes what the day's entries say of a stop-work with what
// the state holds of it.
func (b *builder) stopWork(id string, w *DayStopWork) DayStopWork {
	w.ID = id
	sw := b.s.StopWork(id)
	if sw == nil {
		return *w
	}
	w.Reason, w.CalledAt, w.InForce = sw.Reason, sw.CalledAt, !sw.Lifted
	if p := b.s.Person(sw.CalledBy); p != nil {
		w.CalledBy = &Who{ID: p.ID, Name: p.Name}
	}
	switch {
	case sw.LocationID != "":
		w.What = "work at " + b.s.LocationName(sw.LocationID)
	case sw.Hazard != "":
		w.What = "work with " + hazardName(sw.Hazard)
	case sw.SetUpID != "":
		w.What = "set-up " + sw.SetUpID
		if u := b.s.SetUp(sw.SetUpID); u != nil {
			w.What += " (" + u.Name + ")"
		}
	default:
		w.What = "the whole production"
	}
	return *w
}

// alert completes what the day's entries say of an alert with what the
// state holds of it.
func (b *builder) alert(id string, a *DayAlert) DayAlert {
	a.ID = id
	if a.Escalations == nil {
		a.Escalations = []DayRung{}
	}
	if x := b.s.Alert(id); x != nil {
		a.Rule, a.Message, a.RaisedAt, a.State = x.Rule, x.Message, x.RaisedAt, x.State
	}
	return *a
}

// discharge records a discharge reported during the day.
func (b *builder) discharge(id string) {
	x := b.s.Discharge(id)
	if x == nil {
		return
	}
	b.r.Discharges = append(b.r.Discharges, DayDischarge{ID: x.ID, OccurredAt: x.Occurred(), Kind: spoken(x.Kind), Firearm: b.firearmName(x.FirearmID),
		Description: x.Description, ReportedBy: b.whoPtr(x.ReportedBy)})
}

// liveRound records a live round reported during the day.
func (b *builder) liveRound(id string) {
	x := b.s.LiveRoundReport(id)
	if x == nil {
		return
	}
	b.r.LiveRounds = append(b.r.LiveRounds, DayLiveRound{ID: x.ID, OccurredAt: x.OccurredAt, Description: x.Description,
		ReportedBy: b.whoPtr(x.ReportedBy), Cleared: x.Cleared})
}
