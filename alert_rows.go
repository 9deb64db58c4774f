package setsafe

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of alerts.
const tableAlerts = "alerts"

func init() {
	rowTypes[tableAlerts] = func() Row { return new(Alert) }
}

// alertsOpen indexes the alerts not yet resolved, by the condition each
// is about.
var alertsOpen = addIndex(tableAlerts, func(r Row) (string, bool) {
	a := r.(*Alert)
	return a.Condition, a.State != AlertStateResolved
})

// alertsUnresolved indexes every alert not yet resolved.
var alertsUnresolved = addIndex(tableAlerts, func(r Row) (string, bool) { return "", r.(*Alert).State != AlertStateResolved })

// The states of an alert: open → acknowledged → resolved. An open alert
// climbs the ladder on its clock; an acknowledged one stops climbing and
// stays shown until its condition ends.
const (
	AlertStateOpen         = "open"
	AlertStateAcknowledged = "acknowledged"
	AlertStateResolved     = "resolved"
)

// Alert is what a watched rule raised: a firearm that should be back with
// the armorer and is not (FA-8), or a firearm out while nobody qualified is
// on armorer duty (FA-2). It tells those who must act at once and climbs the escalation ladder on its clock until someone
// acknowledges it with a reason; it is resolved when its condition ends.
type Alert struct {
	ID string `db:"id,key" json:"id"`
	// Condition is what it is about, as gate.Alert.Key says: one alert per
	// condition while it lasts.
	Condition string `db:"condition" json:"condition"`
	Rule      string `db:"rule" json:"rule"`
	Kind      string `db:"kind" json:"kind"`
	FirearmID string `db:"firearm_id" json:"firearm_id,omitempty"`
	SetUpID   string `db:"setup_id" json:"setup_id,omitempty"`
	Holder    string `db:"holder" json:"holder,omitempty"`
	// Message says what is wrong in English; Format and Args say it again
	// for a page in another language.
	Message  string    `db:"message" json:"message"`
	Format   string    `db:"format" json:"-"`
	Args     string    `db:"args" json:"-"`
	State    string    `db:"state" json:"state"`
	RaisedAt time.Time `db:"raised_us" json:"raised_at"`
	// Rung is the rung of the ladder it has climbed to; -1 while only the
	// armorer and the 1st AD know.
	Rung int64 `db:"rung" json:"rung"`
	// Deadline is when it climbs next unless acknowledged; zero once
	// acknowledged or resolved.
	Deadline       time.Time `db:"deadline_us" json:"deadline,omitzero"`
	AcknowledgedAt time.Time `db:"acknowledged_us" json:"acknowledged_at,omitzero"`
	AcknowledgedBy string    `db:"acknowledged_by" json:"acknowledged_by,omitempty"`
	Acknowledgment string    `db:"acknowledgment" json:"acknowledgment,omitempty"`
	ResolvedAt     time.Time `db:"resolved_us" json:"resolved_at,omitzero"`
	Resolution     string    `db:"resolution" json:"resolution,omitempty"`
	LastSeq        int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Alert) Table() string { return tableAlerts }

// Key implements Row.
func (a *Alert) Key() string { return a.ID }

// Reason returns what the alert says, as the gate said it.
func (a *Alert) Reason() gate.Reason {
	r := gate.Reason{Rule: gate.RuleID(a.Rule), Message: a.Message, Format: a.Format}
	if a.Args != "" {
		_ = json.Unmarshal([]byte(a.Args), &r.Args) // written by the fold from a finding's args
	}
	return r
}

// Alert returns the alert with the given ID, or nil.
func (s *State) Alert(id string) *Alert { return lookup[*Alert](s, tableAlerts, id) }

// Alerts returns every alert, ordered by ID.
func (s *State) Alerts() []*Alert { return all[*Alert](s, tableAlerts) }

// UnresolvedAlerts returns the alerts whose condition has not ended, the
// earliest raised first: what Today and the armory show in red.
func (s *State) UnresolvedAlerts() []*Alert {
	out := grouped[*Alert](s, alertsUnresolved, "")
	slices.SortFunc(out, func(a, b *Alert) int { return a.RaisedAt.Compare(b.RaisedAt) })
	return out
}

// alertOn returns the unresolved alert about a condition, or nil.
func (s *State) alertOn(condition string) *Alert {
	if as := grouped[*Alert](s, alertsOpen, condition); len(as) > 0 {
		return as[0]
	}
	return nil
}
