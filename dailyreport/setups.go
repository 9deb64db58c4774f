package dailyreport

import (
	"fmt"
	"strings"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// DaySetUp is one set-up of the day: its hazards, where it is shot, where
// it stands, and every refusal of an action for it that day.
type DaySetUp struct {
	ID    string `json:"id"`
	Scene string `json:"scene"`
	Name  string `json:"name"`
	// Hazards are the names of its hazards, such as "Firearms".
	Hazards      []string `json:"hazards"`
	Where        string   `json:"where,omitempty"`
	TowardPeople bool     `json:"toward_people"`
	// State is where it stands now, one of gate.TakeStates; StartedAt
	// when it was called ready, zero while it was not.
	State     string    `json:"state"`
	StartedAt time.Time `json:"started_at,omitzero"`
	// Verdict is the gate's verdict on starting it now: only for a
	// set-up of today that was not started.
	Verdict  *DayVerdict  `json:"verdict,omitempty"`
	Refusals []DayRefusal `json:"refusals"`
}

// DayVerdict is the gate's verdict: GO, or NO-GO with every rule that
// fails.
type DayVerdict struct {
	Go    bool      `json:"go"`
	Rules []DayRule `json:"rules"`
}

// DayRule is a safety rule that refused an action, by its catalogue ID,
// with the sentence the person on set was shown.
type DayRule struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

// DayRefusal is an action the gate refused, as the ledger recorded it.
type DayRefusal struct {
	At  time.Time `json:"at"`
	Seq int64     `json:"seq"`
	// Action is what was tried, as the gate names it: handover, load,
	// start_setup...
	Action string `json:"action"`
	// TriedBy is who tried; Toward whom, for a hand-off or a duty.
	TriedBy *Who   `json:"tried_by,omitempty"`
	Toward  string `json:"toward,omitempty"`
	Firearm string `json:"firearm,omitempty"`
	Lot     string `json:"lot,omitempty"`
	SetUpID string `json:"setup_id,omitempty"`
	// Rules are every rule that refused it.
	Rules []DayRule `json:"rules"`
}

// refused records a refusal of the day.
func (b *builder) refused(e setsafe.Event, body *setsafe.ActionRefused) {
	r := DayRefusal{At: e.Time, Seq: e.Seq, Action: body.Action, TriedBy: b.whoPtr(body.From), SetUpID: body.SetUpID, Rules: []DayRule{}}
	if body.To != "" {
		// A duty refused reads "person as duty".
		to, duty, isDuty := strings.Cut(body.To, " as ")
		r.Toward = b.who(to).Name
		if isDuty {
			r.Toward += " as " + spoken(duty)
		}
	}
	if body.FirearmID != "" {
		r.Firearm = b.firearmName(body.FirearmID)
	}
	if body.LotID != "" {
		r.Lot = b.lotLabel(body.LotID)
	}
	for _, f := range body.Rules {
		r.Rules = append(r.Rules, DayRule{ID: f.ID, Message: f.Message})
	}
	b.refusals = append(b.refusals, r)
}

// setUps gathers the day's set-ups with their refusals and verdicts; the
// refusals for none of them are the day's other refusals.
func (b *builder) setUps() error {
	var sit *gate.Situation
	listed := map[string]int{}
	for _, u := range b.s.SetUpsOn(b.r.Day) {
		v := DaySetUp{ID: u.ID, Scene: u.Scene, Name: u.Name, Hazards: []string{}, Where: b.s.LocationName(u.LocationID),
			TowardPeople: u.TowardPeople, State: u.TakeState(), StartedAt: u.StartedAt, Refusals: []DayRefusal{}}
		for _, h := range u.HazardList() {
			v.Hazards = append(v.Hazards, hazardName(h))
		}
		if b.today && u.StartedAt.IsZero() && u.TakeState() == gate.TakePlanned {
			if sit == nil {
				var err error
				if sit, err = b.s.Situation(b.now); err != nil {
					return fmt.Errorf("daily report: the gate's view of %s: %w", b.r.Day, err)
				}
			}
			verdict := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, SetUp: b.s.GateSetUp(u.ID)})
			v.Verdict = &DayVerdict{Go: verdict.Go, Rules: []DayRule{}}
			for _, reason := range verdict.Reasons {
				v.Verdict.Rules = append(v.Verdict.Rules, DayRule{ID: string(reason.Rule), Message: reason.Message})
			}
		}
		listed[u.ID] = len(b.r.SetUps)
		b.r.SetUps = append(b.r.SetUps, v)
	}
	for _, r := range b.refusals {
		if i, ok := listed[r.SetUpID]; ok && r.SetUpID != "" {
			b.r.SetUps[i].Refusals = append(b.r.SetUps[i].Refusals, r)
			continue
		}
		b.r.OtherRefusals = append(b.r.OtherRefusals, r)
	}
	return nil
}
