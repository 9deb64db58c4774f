package dailyreport

import (
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/gate"
)

// TestSendAtWrap: the day's report goes to the rungs that asked for it
// once the day is wrapped (its last set-up wrapped, or the end-of-day
// count), once, with the day's counts; not before, and not when nobody
// asked.
func TestSendAtWrap(t *testing.T) {
	w := newWorld(t)
	w.at("07:00")
	_, err := w.Run(setsafe.PersonActor("jack"), SetRecipients{Rungs: []string{"producer"}})
	if setsafe.ErrorCode(err) != setsafe.EForbidden {
		t.Fatalf("an actor chooses the recipients: %v", err)
	}
	_, err = w.Run(setsafe.PersonActor("sofia"), SetRecipients{Rungs: []string{"the_board"}})
	if setsafe.ErrorCode(err) != setsafe.EInvalid {
		t.Fatalf("an unknown rung: %v", err)
	}
	w.Must(setsafe.PersonActor("sofia"), SetRecipients{Rungs: []string{"studio_safety", "producer", "producer"}})
	if got := RecipientRungs(w.Prod); !slices.Equal(got, []string{"producer", "studio_safety"}) {
		t.Fatalf("recipients %v", got)
	}
	w.Must(op, setsafe.PlanSetUp{ID: "s1", Scene: "1", Name: "Scene 1", Hazards: []string{gate.HazardStunts}})
	w.Must(op, setsafe.PlanSetUp{ID: "s2", Scene: "2", Name: "Scene 2"})
	w.Refused(setsafe.PersonActor("marcus"), setsafe.CallSetUpState{SetUpID: "s1", State: gate.TakeStandingBy})
	due := func(evs []setsafe.Event) bool {
		for _, e := range evs {
			for _, u := range setsafe.EscalationUpdates(w.Prod, e) {
				if u.Item == "daily-report:"+theDay && u.Waiting {
					return true
				}
			}
		}
		return false
	}
	w.at("18:00")
	if due(w.Must(op, setsafe.CallSetUpState{SetUpID: "s2", State: gate.TakeWrapped, By: "marcus"})) {
		t.Fatal("due with a set-up of the day not wrapped")
	}
	evs := w.Must(op, setsafe.CallSetUpState{SetUpID: "s1", State: gate.TakeWrapped, By: "marcus"})
	if !due(evs) {
		t.Fatal("the day's last set-up wrapped does not make the report due")
	}
	if _, ok := setsafe.ClockCommand("daily-report:" + theDay).(SendAtWrap); !ok {
		t.Fatal("the clock does not know the daily report")
	}
	sent := w.Must(setsafe.SystemActor("escalation"), SendAtWrap{Day: theDay})
	if len(sent) != 1 || SentOn(w.Prod, theDay) == nil || !setsafe.ClockItemsMoved(sent)["daily-report:"+theDay] {
		t.Fatalf("sent: %v", sent)
	}
	told := setsafe.NotificationsFor(w.Prod, sent[0])
	if !slices.ContainsFunc(told, func(n setsafe.Notification) bool { return n.Recipient == "dana" }) {
		t.Fatalf("the producer is not told: %+v", told)
	}
	text := told[0].Text
	for _, want := range []string{"Set-ups: 2.", "Refusals by the gate: ", "safety-report.pdf"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the message lacks %q:\n%s", want, text)
		}
	}
	if again := w.Must(setsafe.SystemActor("escalation"), SendAtWrap{Day: theDay}); len(again) != 0 {
		t.Fatalf("sent twice: %v", again)
	}
	// Nobody asked: nothing is due or sent.
	w.Must(setsafe.PersonActor("sofia"), SetRecipients{})
	w.at("19:00")
	if due(w.Must(op, setsafe.ReconcileDay{By: "hannah"})) {
		t.Fatal("due with nobody to send it to")
	}
	if evs := w.Must(setsafe.SystemActor("escalation"), SendAtWrap{Day: "2021-10-22"}); len(evs) != 0 {
		t.Fatalf("sent to nobody: %v", evs)
	}
}
