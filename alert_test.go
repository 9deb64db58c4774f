package setsafe

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

func TestCallSetUpState(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42", Hazards: []string{"firearms"}})
	cases := []struct {
		state string
		// want is the error code, or "" when it is recorded; types the
		// entries recorded.
		want  string
		types []string
	}{
		{"dancing", EInvalid, nil},
		{gate.TakePlanned, "", nil}, // where it stands already: nothing new
		{gate.TakeRolling, "", []string{"setup.started", "setup.state_called"}},
		{gate.TakeCut, "", []string{"setup.state_called"}},
		{gate.TakePlanned, EConflict, nil},
		{gate.TakeStandingBy, "", []string{"setup.state_called"}}, // started already: no second start
		{gate.TakeWrapped, "", []string{"setup.state_called"}},
		{gate.TakeRolling, EConflict, nil},
	}
	for _, tc := range cases {
		evs, err := w.run("red-mesa", op, CallSetUpState{SetUpID: "s42", State: tc.state, By: "marcus"})
		if ErrorCode(err) != tc.want {
			t.Fatalf("%s: error %v, want %q", tc.state, err, tc.want)
		}
		var types []string
		for _, e := range evs {
			types = append(types, e.Type())
		}
		if !slices.Equal(types, tc.types) {
			t.Fatalf("%s: recorded %v, want %v", tc.state, types, tc.types)
		}
	}
	if u := w.prod.SetUp("s42"); u.TakeState() != gate.TakeWrapped || u.StateSince.IsZero() {
		t.Fatalf("set-up %+v", u)
	}
	if _, err := w.run("red-mesa", op, CallSetUpState{SetUpID: "nope", State: gate.TakeRolling, By: "marcus"}); ErrorCode(err) != ENotFound {
		t.Fatalf("unknown set-up: %v", err)
	}
}

func TestLoadedOnlyWhenTheShotIsReady(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42", Hazards: []string{"firearms"}})
	evs, err := w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, SetUpID: "s42", By: "hannah"})
	refusedFor(t, evs, err, "FA-8")
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	refusedFor(t, evs, err, "FA-8") // firearms on today's schedule: say which set-up
	if _, err := w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, SetUpID: "s99", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("an unknown set-up: %v", err)
	}
	w.must("red-mesa", op, CallSetUpState{SetUpID: "s42", State: gate.TakeStandingBy, By: "marcus"})
	evs = w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, SetUpID: "s42", By: "hannah"})
	if b := evs[0].Body.(*FirearmLoaded); b.SetUp != "s42" || w.prod.Firearm("colt").SetUpID != "s42" {
		t.Fatalf("loaded %+v", b)
	}
}

// watchAt runs the revolver's watch at now and returns what it recorded.
func watchAt(w *world) []Event {
	return w.must("red-mesa", SystemActor("escalation"), WatchFirearm{FirearmID: "colt"})
}

func TestAlertAfterTheCut(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42", Hazards: []string{"firearms"}})
	w.must("red-mesa", op, CallSetUpState{SetUpID: "s42", State: gate.TakeStandingBy, By: "marcus"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, SetUpID: "s42", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", SetUpID: "s42", By: "hannah"})
	w.must("red-mesa", op, CallSetUpState{SetUpID: "s42", State: gate.TakeRolling, By: "marcus"})
	evs := w.must("red-mesa", op, CallSetUpState{SetUpID: "s42", State: gate.TakeCut, By: "marcus"})

	// The cut puts the watch on the clock: due when the loaded revolver
	// should be back, two minutes on.
	watch := func(evs []Event) EscalationUpdate {
		t.Helper()
		for _, u := range EscalationUpdates(w.prod, evs[len(evs)-1]) {
			if u.Item == watchItem("colt") {
				return u
			}
		}
		t.Fatal("no watch update")
		return EscalationUpdate{}
	}
	if u := watch(evs); !u.Waiting || !u.Deadline.Equal(w.now.Add(2*time.Minute)) {
		t.Fatalf("watch after the cut: %+v", u)
	}
	if got := watchAt(w); len(got) != 0 {
		t.Fatalf("the watch raised an alert before its time: %v", got)
	}
	w.now = w.now.Add(2 * time.Minute)
	raised := watchAt(w)
	if len(raised) != 1 || raised[0].Type() != "alert.raised" {
		t.Fatalf("raised %v", raised)
	}
	b := raised[0].Body.(*AlertRaised)
	a := w.prod.Alert(b.ID)
	if a == nil || a.State != AlertStateOpen || a.FirearmID != "colt" || a.Holder != "jack" || !strings.Contains(a.Message, "Jack still holds the Colt Single Action Army (SN 4417) loaded") {
		t.Fatalf("alert %+v", a)
	}
	// The armorer and the 1st AD hear at once.
	var told []string
	for _, n := range NotificationsFor(w.prod, raised[0]) {
		told = append(told, n.Recipient)
	}
	if !slices.Contains(told, "hannah") || !slices.Contains(told, "marcus") || slices.Contains(told, "jack") {
		t.Fatalf("told %v", told)
	}
	// The same condition is one alert however often the watch looks.
	if got := watchAt(w); len(got) != 0 {
		t.Fatalf("a second look raised %v", got)
	}

	// Nobody acknowledges: it climbs to the first rung with someone on it.
	w.must("red-mesa", op, SetLadder{Rungs: []LadderRungSetting{{Rung: RungDepartmentHead, People: []string{"luis"}}}})
	if evs := w.must("red-mesa", SystemActor("escalation"), EscalateAlert{ID: a.ID}); len(evs) != 0 {
		t.Fatalf("climbed before its deadline: %v", evs)
	}
	w.now = a.Deadline
	climbed := w.must("red-mesa", SystemActor("escalation"), EscalateAlert{ID: a.ID})
	if len(climbed) != 1 || w.prod.Alert(a.ID).Rung != 0 {
		t.Fatalf("climbed %v, rung %d", climbed, w.prod.Alert(a.ID).Rung)
	}
	if ns := NotificationsFor(w.prod, climbed[0]); len(ns) == 0 || ns[0].Recipient != "luis" {
		t.Fatalf("notified %v", ns)
	}

	// Acknowledging needs a reason and stops the climb; the alert stays
	// until the revolver is back.
	if _, err := w.run("red-mesa", op, AcknowledgeAlert{ID: a.ID, By: "marcus"}); ErrorCode(err) != EInvalid {
		t.Fatalf("acknowledged with no reason: %v", err)
	}
	w.must("red-mesa", op, AcknowledgeAlert{ID: a.ID, Reason: "Walking to Jack now", By: "marcus"})
	if got := w.prod.alertEscalation(a.ID); got[0].Waiting {
		t.Fatalf("an acknowledged alert still climbs: %+v", got)
	}
	if len(w.prod.UnresolvedAlerts()) != 1 {
		t.Fatal("acknowledged alert no longer shown")
	}
	back := w.must("red-mesa", op, HandOver{FirearmID: "colt", From: "jack", To: "hannah", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "hannah"})
	if u := watch(back); !u.Waiting || !u.Deadline.Equal(w.now) {
		t.Fatalf("the watch is not due at once after the return: %+v", u)
	}
	resolved := watchAt(w)
	if len(resolved) != 1 || resolved[0].Type() != "alert.resolved" || w.prod.Alert(a.ID).State != AlertStateResolved ||
		!strings.Contains(w.prod.Alert(a.ID).Resolution, "went back to Hannah") {
		t.Fatalf("resolved %v: %+v", resolved, w.prod.Alert(a.ID))
	}
	if len(w.prod.UnresolvedAlerts()) != 0 {
		t.Fatal("a resolved alert is still shown")
	}
	if _, err := w.run("red-mesa", op, AcknowledgeAlert{ID: a.ID, Reason: "late", By: "marcus"}); ErrorCode(err) != EConflict {
		t.Fatalf("acknowledged a resolved alert: %v", err)
	}
	if _, err := w.run("red-mesa", PersonActor("jack"), WatchFirearm{FirearmID: "colt"}); ErrorCode(err) != EForbidden {
		t.Fatalf("a person ran the watch: %v", err)
	}
}

func TestDutyGapAlert(t *testing.T) {
	op := SystemActor("test")
	w := revolverOut(t)
	w.must("red-mesa", op, AddPerson{ID: "sam", PersonDetails: PersonDetails{Name: "Sam"}, Roles: []Role{RoleSafetyCoordinator}})
	evs := w.must("red-mesa", op, EndDuty{PersonID: "hannah", Emergency: true, Reason: "Taken to hospital"})
	// The override puts the watch due at once.
	var due bool
	for _, u := range EscalationUpdates(w.prod, evs[len(evs)-1]) {
		due = due || (u.Item == watchItem("colt") && u.Waiting && u.Deadline.Equal(w.now))
	}
	if !due {
		t.Fatal("the watch is not due at once after the duty gap opened")
	}
	raised := watchAt(w)
	if len(raised) != 1 || raised[0].Type() != "alert.raised" {
		t.Fatalf("raised %v", raised)
	}
	a := w.prod.Alert(raised[0].Body.(*AlertRaised).ID)
	if a.Rule != "FA-2" || a.Kind != gate.AlertDutyGap || !strings.Contains(a.Message, "Nobody qualified is on armorer duty while the Colt Single Action Army (SN 4417) is with Jack") {
		t.Fatalf("alert %+v", a)
	}
	// The 1st AD, the safety coordinator and the producer hear; there is
	// no armorer on duty to tell.
	var told []string
	for _, n := range NotificationsFor(w.prod, raised[0]) {
		if n.Channel == ChannelInbox {
			told = append(told, n.Recipient)
		}
	}
	slices.Sort(told)
	if !slices.Equal(told, []string{"dana", "marcus", "sam"}) {
		t.Fatalf("told %v", told)
	}
	// Hannah back on duty closes the gap, but the alert stays until she
	// has the revolver back.
	w.must("red-mesa", op, StartDuty{By: "hannah"})
	if got := watchAt(w); len(got) != 0 || w.prod.Alert(a.ID).State != AlertStateOpen {
		t.Fatalf("the alert changed before the revolver was back: %v", got)
	}
	w.must("red-mesa", op, HandOver{FirearmID: "colt", From: "jack", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "hannah"})
	if got := watchAt(w); len(got) != 1 || w.prod.Alert(a.ID).State != AlertStateResolved {
		t.Fatalf("after the revolver came back: %v, %+v", got, w.prod.Alert(a.ID))
	}
}
