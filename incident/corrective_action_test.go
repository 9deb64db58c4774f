package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
)

// TestCorrectiveActions: an action is planned with an owner and a due
// day, done by its owner, and checked by someone else; one that did not
// work is due again.
func TestCorrectiveActions(t *testing.T) {
	w := newWorld(t)
	w.Must(person("jack"), OpenIncident{ID: "i1", Details: Details{Kind: KindNearMiss}})
	steps := []struct {
		name  string
		actor string
		c     setsafe.Command
		code  string
		state string
	}{
		{"crew cannot plan", "jack", PlanAction{ID: "a1", IncidentID: "i1", What: "Tie down light stands", Owner: "ana", Due: "2021-10-22"}, setsafe.EForbidden, ""},
		{"due yesterday", "sofia", PlanAction{ID: "a1", IncidentID: "i1", What: "Tie down light stands", Owner: "ana", Due: "2021-10-20"}, setsafe.EInvalid, ""},
		{"no owner", "sofia", PlanAction{ID: "a1", IncidentID: "i1", What: "Tie down light stands", Due: "2021-10-22"}, setsafe.EInvalid, ""},
		{"an owner not on the production", "sofia", PlanAction{ID: "a1", IncidentID: "i1", What: "Tie down light stands", Owner: "zed", Due: "2021-10-22"}, setsafe.EInvalid, ""},
		{"planned", "sofia", PlanAction{ID: "a1", IncidentID: "i1", What: "Tie down light stands", Owner: "ana", Due: "2021-10-22"}, "", ActionStateOpen},
		{"someone else cannot finish it", "jack", FinishAction{ID: "a1", Note: "done"}, setsafe.EForbidden, ActionStateOpen},
		{"the owner says what was done", "ana", FinishAction{ID: "a1"}, setsafe.EInvalid, ActionStateOpen},
		{"the owner finishes it", "ana", FinishAction{ID: "a1", Note: "Sandbags on every stand"}, "", ActionStateDone},
		{"the owner cannot check it", "ana", VerifyAction{ID: "a1", Worked: true}, setsafe.EForbidden, ActionStateDone},
		{"not worked, with no new due day", "sofia", VerifyAction{ID: "a1", Note: "Two stands bare at lunch"}, setsafe.EInvalid, ActionStateDone},
		{"not worked", "sofia", VerifyAction{ID: "a1", Note: "Two stands bare at lunch", Due: "2021-10-23"}, "", ActionStateOpen},
		{"finished again", "ana", FinishAction{ID: "a1", Note: "Sandbags checked at every move"}, "", ActionStateDone},
		{"worked", "dana", VerifyAction{ID: "a1", Worked: true}, "", ActionStateVerified},
	}
	for _, st := range steps {
		_, err := w.Run(person(st.actor), st.c)
		if setsafe.ErrorCode(err) != st.code {
			t.Fatalf("%s: want %q, got %v", st.name, st.code, err)
		}
		a := FindAction(w.Prod, "a1")
		if st.state == "" && a != nil || st.state != "" && (a == nil || a.State != st.state) {
			t.Fatalf("%s: action %+v, want state %q", st.name, a, st.state)
		}
	}
	if a := FindAction(w.Refold(), "a1"); a.Due != "2021-10-23" || a.VerifiedBy != "dana" || a.DoneNote != "Sandbags checked at every move" {
		t.Fatalf("action: %+v", a)
	}
}

// TestOverdueActionClimbs: an action not done by the end of its due day
// on the set's clock climbs the ladder, rung by rung, telling each rung
// and its owner; done, it stops.
func TestOverdueActionClimbs(t *testing.T) {
	w := newWorld(t)
	w.Must(person("jack"), OpenIncident{ID: "i1", Details: Details{Kind: KindNearMiss}})
	evs := w.Must(person("sofia"), PlanAction{ID: "a1", IncidentID: "i1", What: "Tie down light stands", Owner: "ana", Due: "2021-10-21"})
	if n := setsafe.NotificationsFor(w.Prod, evs[0]); !slices.ContainsFunc(n, func(n setsafe.Notification) bool { return n.Recipient == "ana" && n.Channel == setsafe.ChannelInbox }) {
		t.Fatalf("the owner is not told: %+v", n)
	}
	// The end of 21 October in Denver.
	end := time.Date(2021, 10, 22, 6, 0, 0, 0, time.UTC)
	up := setsafe.EscalationUpdates(w.Prod, evs[0])
	if len(up) != 1 || up[0].Item != "corrective_action:a1" || !up[0].Deadline.Equal(end) || !up[0].Waiting {
		t.Fatalf("clock: %+v", up)
	}
	if _, ok := setsafe.ClockCommand("corrective_action:a1").(EscalateAction); !ok {
		t.Fatal("the clock does not know corrective actions")
	}
	if _, err := w.Run(person("sofia"), EscalateAction{ID: "a1"}); setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("a person climbs it: %v", err)
	}
	w.Now = end.Add(-time.Minute)
	if evs := w.Must(setsafe.SystemActor("escalation"), EscalateAction{ID: "a1"}); len(evs) != 0 {
		t.Fatalf("climbed before its due day ended: %v", evs)
	}
	w.Now = end
	evs = w.Must(setsafe.SystemActor("escalation"), EscalateAction{ID: "a1"})
	if len(evs) != 1 {
		t.Fatalf("did not climb: %v", evs)
	}
	a := FindAction(w.Prod, "a1")
	if a.Rung < 0 || !a.Deadline.After(end) || setsafe.ClockItemsMoved(evs)["corrective_action:a1"] != true {
		t.Fatalf("after climbing: %+v", a)
	}
	told := setsafe.NotificationsFor(w.Prod, evs[0])
	rung := w.Prod.Ladder()[a.Rung]
	if len(rung.PersonIDs()) == 0 || !slices.ContainsFunc(told, func(n setsafe.Notification) bool { return n.Recipient == rung.PersonIDs()[0] }) ||
		!slices.ContainsFunc(told, func(n setsafe.Notification) bool { return n.Recipient == "ana" }) {
		t.Fatalf("rung %s (%v) and owner not told: %+v", rung.Rung, rung.PersonIDs(), told)
	}
	done := w.Must(person("ana"), FinishAction{ID: "a1", Note: "Sandbags on every stand"})
	if up := setsafe.EscalationUpdates(w.Prod, done[0]); len(up) != 1 || up[0].Waiting {
		t.Fatalf("a done action still climbs: %+v", up)
	}
	w.Now = w.Now.Add(48 * time.Hour)
	if evs := w.Must(setsafe.SystemActor("escalation"), EscalateAction{ID: "a1"}); len(evs) != 0 {
		t.Fatalf("a done action climbed: %v", evs)
	}
}
