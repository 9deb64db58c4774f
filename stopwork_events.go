package setsafe

import "fmt"

func init() {
	register[StopWorkCalled](3, "Stop-work called")
	registerOlder[StopWorkCalledV1]()
	registerOlder[StopWorkCalledV2]()
	register[StopWorkLifted](1, "Stop-work lifted")
}

// StopWorkCalled records a stop-work. This is body version 3, which says
// whether someone was hurt; version 2 ([StopWorkCalledV2]) could stop a
// location, version 1 ([StopWorkCalledV1]) could not.
type StopWorkCalled struct {
	ID      string `json:"id"`
	Scope   string `json:"scope"`
	SetUpID string `json:"setup_id"`
	Hazard  string `json:"hazard"`
	// LocationID is the location whose set-ups it stops, for scope
	// location.
	LocationID string `json:"location_id,omitempty"`
	Reason     string `json:"reason"`
	CalledBy   string `json:"called_by"`
	// ConfirmedBy is "pin" when the caller typed their PIN on a shared
	// device signed in by someone else, who is the entry's actor.
	ConfirmedBy string `json:"confirmed_by,omitempty"`
	// Injury says someone was hurt: the incident register opens an
	// incident for it.
	Injury bool `json:"injury"`
}

// EventType implements Body.
func (*StopWorkCalled) EventType() string { return "stop_work.called" }

func (b *StopWorkCalled) apply(s *State, e Event) error {
	if lookup[*StopWork](s, tableStopWorks, b.ID) != nil {
		return fmt.Errorf("stop-work %s exists already", b.ID)
	}
	s.put(&StopWork{ID: b.ID, Scope: b.Scope, SetUpID: b.SetUpID, Hazard: b.Hazard, LocationID: b.LocationID, Reason: b.Reason, CalledBy: b.CalledBy, CalledAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *StopWorkCalled) refers() References {
	return References{People: named(b.CalledBy), SetUp: b.SetUpID}
}

// notifies tells everyone on the ladder.
func (b *StopWorkCalled) notifies(s *State, n *Notifications) {
	what := "the whole production"
	switch {
	case b.LocationID != "":
		what = "work at " + s.LocationName(b.LocationID)
	case b.Hazard != "":
		what = "work with " + b.Hazard
	case b.SetUpID != "":
		what = "set-up " + b.SetUpID
	}
	for _, r := range s.Ladder() {
		n.ToRung(r, b.ID, "Stop-work called: "+what, b.Reason)
	}
}

// StopWorkCalledV1 is body version 1 of stop_work.called, written before
// a stop-work could stop a location. Old ledgers hold it; nothing writes it
// any more.
type StopWorkCalledV1 struct {
	ID          string `json:"id"`
	Scope       string `json:"scope"`
	SetUpID     string `json:"setup_id"`
	Hazard      string `json:"hazard"`
	Reason      string `json:"reason"`
	CalledBy    string `json:"called_by"`
	ConfirmedBy string `json:"confirmed_by,omitempty"`
}

// EventType implements Body.
func (*StopWorkCalledV1) EventType() string { return "stop_work.called" }

func (*StopWorkCalledV1) bodyVersion() int { return 1 }

func (b *StopWorkCalledV1) current() *StopWorkCalled {
	return &StopWorkCalled{ID: b.ID, Scope: b.Scope, SetUpID: b.SetUpID, Hazard: b.Hazard, Reason: b.Reason, CalledBy: b.CalledBy, ConfirmedBy: b.ConfirmedBy}
}

func (b *StopWorkCalledV1) apply(s *State, e Event) error { return b.current().apply(s, e) }

func (b *StopWorkCalledV1) refers() References { return b.current().refers() }

func (b *StopWorkCalledV1) notifies(s *State, n *Notifications) { b.current().notifies(s, n) }

// StopWorkCalledV2 is body version 2 of stop_work.called, written before
// a stop-work said whether someone was hurt. Old ledgers hold it; nothing
// writes it any more.
type StopWorkCalledV2 struct {
	ID          string `json:"id"`
	Scope       string `json:"scope"`
	SetUpID     string `json:"setup_id"`
	Hazard      string `json:"hazard"`
	LocationID  string `json:"location_id,omitempty"`
	Reason      string `json:"reason"`
	CalledBy    string `json:"called_by"`
	ConfirmedBy string `json:"confirmed_by,omitempty"`
}

// EventType implements Body.
func (*StopWorkCalledV2) EventType() string { return "stop_work.called" }

func (*StopWorkCalledV2) bodyVersion() int { return 2 }

func (b *StopWorkCalledV2) current() *StopWorkCalled {
	return &StopWorkCalled{ID: b.ID, Scope: b.Scope, SetUpID: b.SetUpID, Hazard: b.Hazard, LocationID: b.LocationID, Reason: b.Reason,
		CalledBy: b.CalledBy, ConfirmedBy: b.ConfirmedBy}
}

func (b *StopWorkCalledV2) apply(s *State, e Event) error { return b.current().apply(s, e) }

func (b *StopWorkCalledV2) refers() References { return b.current().refers() }

func (b *StopWorkCalledV2) notifies(s *State, n *Notifications) { b.current().notifies(s, n) }

// StopWorkLifted records a stop-work lifted, with its resolution.
type StopWorkLifted struct {
	ID         string `json:"id"`
	Resolution string `json:"resolution"`
	LiftedBy   string `json:"lifted_by"`
}

// EventType implements Body.
func (*StopWorkLifted) EventType() string { return "stop_work.lifted" }

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
func (b *StopWorkLifted) notifies(s *State, n *Notifications) {
	for _, r := range s.Ladder() {
		n.ToRung(r, b.ID, "Stop-work lifted", b.Resolution)
	}
}
