package incident

import (
	"slices"
	"time"

	"github.com/setsafe/setsafe"
)

// The projection table of corrective and preventive actions.
const tableActions = "corrective_actions"

func init() {
	setsafe.RegisterTable[Action]()
	setsafe.RegisterClock(actionPrefix, func(id string) setsafe.Command { return EscalateAction{ID: id} }, openActionsStanding)
}

// States of a corrective action.
const (
	ActionStateOpen     = "open"     // planned, not done yet
	ActionStateDone     = "done"     // its owner says it is done
	ActionStateVerified = "verified" // someone else checked that it worked
)

// Action is a corrective or preventive action an incident led to, with
// its owner, due day, and whether it was done and worked. One not done by
// its due day climbs the production's ladder.
type Action struct {
	ID         string `db:"id,key" json:"id"`
	IncidentID string `db:"incident_id" json:"incident_id"`
	What       string `db:"what" json:"what"`
	// Preventive marks an action that keeps it from happening elsewhere,
	// rather than correcting what went wrong here.
	Preventive bool   `db:"preventive" json:"preventive"`
	Owner      string `db:"owner" json:"owner"`
	// Due is the day on set it is due, YYYY-MM-DD; Deadline is when it
	// next climbs the ladder unless done: the end of that day at first.
	Due        string    `db:"due" json:"due"`
	Deadline   time.Time `db:"deadline_us" json:"deadline"`
	Rung       int64     `db:"rung" json:"rung"`
	State      string    `db:"state" json:"state"`
	PlannedBy  string    `db:"planned_by" json:"planned_by"`
	PlannedAt  time.Time `db:"planned_us" json:"planned_at"`
	DoneBy     string    `db:"done_by" json:"done_by,omitempty"`
	DoneAt     time.Time `db:"done_us" json:"done_at,omitzero"`
	DoneNote   string    `db:"done_note" json:"done_note,omitempty"`
	VerifiedBy string    `db:"verified_by" json:"verified_by,omitempty"`
	VerifiedAt time.Time `db:"verified_us" json:"verified_at,omitzero"`
	VerifyNote string    `db:"verify_note" json:"verify_note,omitempty"`
	LastSeq    int64     `db:"last_seq" json:"last_seq"`
}

// Table implements setsafe.Row.
func (*Action) Table() string { return tableActions }

// Key implements setsafe.Row.
func (a *Action) Key() string { return a.ID }

// Overdue reports whether the action is not done at now, past its due day.
func (a *Action) Overdue(now time.Time, s *setsafe.State) bool {
	return a.State == ActionStateOpen && !now.Before(endOfDay(a.Due, s))
}

// endOfDay is the end of a day on the set's clock.
func endOfDay(day string, s *setsafe.State) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, day, s.Production().Zone())
	if err != nil {
		return time.Time{}
	}
	return t.AddDate(0, 0, 1)
}

var (
	actionsByIncident = setsafe.AddIndex(tableActions, func(r setsafe.Row) (string, bool) { return r.(*Action).IncidentID, true })
	actionsOpen       = setsafe.AddIndex(tableActions, func(r setsafe.Row) (string, bool) { return "", r.(*Action).State == ActionStateOpen })
)

// FindAction returns the corrective action with the given ID, or nil.
func FindAction(s *setsafe.State, id string) *Action {
	return setsafe.Lookup[*Action](s, tableActions, id)
}

// Actions returns the corrective and preventive actions of an incident,
// earliest due first.
func Actions(s *setsafe.State, incident string) []*Action {
	return byDue(setsafe.Grouped[*Action](s, actionsByIncident, incident))
}

// OpenActions returns every action of the production not done yet,
// earliest due first.
func OpenActions(s *setsafe.State) []*Action {
	return byDue(setsafe.Grouped[*Action](s, actionsOpen, ""))
}

func byDue(out []*Action) []*Action {
	slices.SortFunc(out, func(a, b *Action) int {
		if a.Due != b.Due {
			if a.Due < b.Due {
				return -1
			}
			return 1
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}
