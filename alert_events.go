package setsafe

import (
	"encoding/json"
	"fmt"
	"time"
)

func init() {
	register[AlertRaised](1, "Alert raised")
	register[AlertEscalated](1, "Alert climbed the ladder")
	register[AlertAcknowledged](1, "Alert acknowledged")
	register[AlertResolved](1, "Alert resolved")
}

// AlertRaised records a watched rule raising an alert: a firearm that
// should be back with the armorer and is not (FA-8). setsafe records it
// itself, on its clock.
type AlertRaised struct {
	ID        string `json:"id"`
	Condition string `json:"condition"`
	Kind      string `json:"kind"`
	FirearmID string `json:"firearm_id,omitempty"`
	SetUpID   string `json:"setup_id,omitempty"`
	Holder    string `json:"holder,omitempty"`
	// Rule and Message say what is wrong; Format and Args say it again,
	// blank by blank, for a page in another language.
	Rule    string   `json:"rule"`
	Message string   `json:"message"`
	Format  string   `json:"format"`
	Args    []string `json:"args"`
	// Deadline is when it climbs to the first rung of the ladder unless
	// acknowledged.
	Deadline time.Time `json:"deadline"`
}

// EventType implements Body.
func (*AlertRaised) EventType() string { return "alert.raised" }

func (b *AlertRaised) apply(s *State, e Event) error {
	if s.Alert(b.ID) != nil {
		return fmt.Errorf("alert %s exists already", b.ID)
	}
	if s.alertOn(b.Condition) != nil {
		return fmt.Errorf("an alert on %s is open already", b.Condition)
	}
	args, err := json.Marshal(b.Args)
	if err != nil {
		return fmt.Errorf("alert %s: %w", b.ID, err)
	}
	s.put(&Alert{ID: b.ID, Condition: b.Condition, Rule: b.Rule, Kind: b.Kind, FirearmID: b.FirearmID, SetUpID: b.SetUpID, Holder: b.Holder,
		Message: b.Message, Format: b.Format, Args: string(args), State: AlertStateOpen, RaisedAt: e.Time, Rung: -1,
		Deadline: b.Deadline, LastSeq: e.Seq})
	return nil
}

func (b *AlertRaised) refers() References {
	return References{Firearms: named(b.FirearmID), People: named(b.Holder), SetUp: b.SetUpID}
}

// notifies tells the armorers and 1st ADs of the production at once.
func (b *AlertRaised) notifies(s *State, n *Notifications) {
	a := s.Alert(b.ID)
	if a == nil {
		return
	}
	n.ToRoles(alertRoles(a.Kind), b.ID, "Alert: "+a.Message, a.Message+"\n\nIt climbs the ladder at "+s.OnSetClock(b.Deadline)+" unless it is resolved or acknowledged.")
}

func (b *AlertRaised) escalation(s *State) []EscalationUpdate { return s.alertEscalation(b.ID) }

func (b *AlertRaised) clockItem() string { return watchItem(b.FirearmID) }

// AlertEscalated records an alert nobody acknowledged in time climbing to
// the next rung of the ladder.
type AlertEscalated struct {
	ID       string    `json:"id"`
	Rung     int64     `json:"rung"`
	Missed   time.Time `json:"missed"`
	Deadline time.Time `json:"deadline"`
}

// EventType implements Body.
func (*AlertEscalated) EventType() string { return "alert.escalated" }

func (b *AlertEscalated) apply(s *State, e Event) error {
	a := edit(s.Alert(b.ID))
	if a == nil {
		return fmt.Errorf("alert %s does not exist", b.ID)
	}
	a.Rung, a.Deadline, a.LastSeq = b.Rung, b.Deadline, e.Seq
	s.put(a)
	return nil
}

func (*AlertEscalated) refers() References { return References{} }

// notifies tells the rung the alert climbed to.
func (b *AlertEscalated) notifies(s *State, n *Notifications) {
	a, ladder := s.Alert(b.ID), s.Ladder()
	if a == nil || b.Rung < 0 || b.Rung >= int64(len(ladder)) {
		return
	}
	n.ToRung(ladder[b.Rung], b.ID, "Alert escalated to you: "+a.Message, fmt.Sprintf("%s\n\nNobody acknowledged it by %s; it climbed to the %s. It climbs again at %s.",
		a.Message, s.OnSetClock(b.Missed), spoken(Rungs[b.Rung]), s.OnSetClock(b.Deadline)))
}

func (b *AlertEscalated) escalation(s *State) []EscalationUpdate { return s.alertEscalation(b.ID) }

func (b *AlertEscalated) clockItem() string { return alertItem(b.ID) }

// AlertAcknowledged records someone taking charge of an alert, with what
// they are doing about it: it stops climbing, and stays shown until its
// condition ends.
type AlertAcknowledged struct {
	ID     string `json:"id"`
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// EventType implements Body.
func (*AlertAcknowledged) EventType() string { return "alert.acknowledged" }

func (b *AlertAcknowledged) apply(s *State, e Event) error {
	a := edit(s.Alert(b.ID))
	if a == nil || a.State != AlertStateOpen {
		return fmt.Errorf("alert %s is not open", b.ID)
	}
	a.State, a.AcknowledgedAt, a.AcknowledgedBy, a.Acknowledgment, a.Deadline, a.LastSeq = AlertStateAcknowledged, e.Time, b.By, b.Reason, time.Time{}, e.Seq
	s.put(a)
	return nil
}

func (b *AlertAcknowledged) refers() References { return References{People: named(b.By)} }

func (b *AlertAcknowledged) escalation(s *State) []EscalationUpdate { return s.alertEscalation(b.ID) }

// AlertResolved records an alert's condition ending: the firearm went back
// to the armorer or into its store, or the take went on. setsafe records
// it itself as soon as it sees it.
type AlertResolved struct {
	ID         string `json:"id"`
	FirearmID  string `json:"firearm_id,omitempty"`
	Resolution string `json:"resolution"`
}

// EventType implements Body.
func (*AlertResolved) EventType() string { return "alert.resolved" }

func (b *AlertResolved) apply(s *State, e Event) error {
	a := edit(s.Alert(b.ID))
	if a == nil || a.State == AlertStateResolved {
		return fmt.Errorf("alert %s is not unresolved", b.ID)
	}
	a.State, a.ResolvedAt, a.Resolution, a.Deadline, a.LastSeq = AlertStateResolved, e.Time, b.Resolution, time.Time{}, e.Seq
	s.put(a)
	return nil
}

func (b *AlertResolved) refers() References { return References{Firearms: named(b.FirearmID)} }

// notifies tells whoever was told of the alert that it is over.
func (b *AlertResolved) notifies(s *State, n *Notifications) {
	a := s.Alert(b.ID)
	if a == nil {
		return
	}
	n.ToRoles(alertRoles(a.Kind), b.ID, "Alert resolved: "+a.Message, a.Message+"\n\nResolved: "+b.Resolution+".")
	ladder := s.Ladder()
	for i := int64(0); i <= a.Rung && i < int64(len(ladder)); i++ {
		n.ToRung(ladder[i], b.ID, "Alert resolved: "+a.Message, a.Message+"\n\nResolved: "+b.Resolution+".")
	}
}

func (b *AlertResolved) escalation(s *State) []EscalationUpdate { return s.alertEscalation(b.ID) }

func (b *AlertResolved) clockItem() string { return watchItem(b.FirearmID) }
