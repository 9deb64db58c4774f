package setsafe

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// told returns "channel recipient rung" for each notification.
func told(ns []Notification) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Channel+" "+n.Recipient+" "+n.Rung)
	}
	slices.Sort(out)
	return out
}

// TestNotificationsFor checks who each entry tells, and that an anonymous
// reporter is never told anything.
func TestNotificationsFor(t *testing.T) {
	jack, dana := PersonActor("jack"), PersonActor("dana")
	union := LadderRungSetting{Rung: RungUnion, Contact: "IATSE Local 480", Email: "rep@local480.example.org", Webhook: "https://hooks.example.org/x"}
	raise := func(id, mode string) RaiseConcern {
		return RaiseConcern{ID: id, Category: CategoryFirearms, Severity: SeverityCritical, Description: "Rounds on the props cart", Mode: mode, ReceiptHash: "h",
			ReporterSeal: ReporterSeal(testSealKey, "red-mesa", id, "jack")}
	}
	tests := []struct {
		name  string
		setup func(w *world)
		actor Actor
		cmd   Command
		want  []string
	}{
		{"a concern tells the lowest rung with someone on it", nil, jack, raise("c1", ReportNamed),
			[]string{"inbox luis unit_production_manager"}},
		{"a person on a rung gets an e-mail too", func(w *world) {
			email := "luis@example.com"
			w.must("red-mesa", SystemActor("test"), UpdatePerson{ID: "luis", PersonChanges: PersonChanges{Email: &email}})
		}, jack, raise("c1", ReportNamed), []string{"email luis@example.com unit_production_manager", "inbox luis unit_production_manager"}},
		{"an anonymous concern tells the ladder", nil, Anonymous, raise("c1", ReportAnonymous),
			[]string{"inbox luis unit_production_manager"}},
		{"a stop-work tells the whole ladder", func(w *world) {
			w.must("red-mesa", SystemActor("test"), SetLadder{Rungs: []LadderRungSetting{union}})
		}, jack, CallStopWork{ID: "s1", Scope: "production", Reason: "Smoke"},
			[]string{"email rep@local480.example.org union_representative", "inbox dana producer", "inbox luis unit_production_manager",
				"webhook https://hooks.example.org/x union_representative"}},
		{"an answer tells a named reporter", func(w *world) { w.must("red-mesa", jack, raise("c1", ReportNamed)) }, dana,
			AnswerConcern{ID: "c1", Text: "On it"}, []string{"inbox jack "}},
		{"a move tells a confidential reporter", func(w *world) { w.must("red-mesa", jack, raise("c1", ReportConfidential)) }, dana,
			MoveConcern{ID: "c1", State: ConcernAcknowledged}, []string{"inbox " + ReporterInbox("c1") + " "}},
		{"an answer tells no anonymous reporter", func(w *world) { w.must("red-mesa", Anonymous, raise("c1", ReportAnonymous)) }, dana,
			AnswerConcern{ID: "c1", Text: "On it"}, nil},
		{"a reply tells nobody", func(w *world) { w.must("red-mesa", jack, raise("c1", ReportNamed)) }, jack,
			ReplyToConcern{ID: "c1", Text: "Thanks"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			if tt.setup != nil {
				tt.setup(w)
			}
			evs := w.must("red-mesa", tt.actor, tt.cmd)
			var got []Notification
			for _, e := range evs {
				got = append(got, NotificationsFor(w.prod, e)...)
			}
			if !slices.Equal(told(got), tt.want) {
				t.Fatalf("told %q, want %q", told(got), tt.want)
			}
			for _, n := range got {
				if n.ID != NotificationID(n.Ledger, n.Seq, n.Channel, n.Recipient) || len(n.ID) != 32 {
					t.Errorf("notification ID %q is not the stable one", n.ID)
				}
				if strings.Contains(n.Subject+n.Text, "Jack") {
					t.Errorf("a notification names the reporter: %+v", n)
				}
				if c := w.prod.Concern(n.About); c != nil && n.Event == "concern.raised" {
					// Deadlines read as the clock on set shows them.
					denver, _ := time.LoadLocation("America/Denver")
					if want := c.Deadline.In(denver).Format("2006-01-02 15:04 MST"); !strings.Contains(n.Text, want) {
						t.Errorf("notification %q does not say the deadline %s", n.Text, want)
					}
				}
			}
		})
	}
	if NotificationID("red-mesa", 7, ChannelEmail, "a@example.com") == NotificationID("red-mesa", 7, ChannelEmail, "b@example.com") {
		t.Fatal("two recipients of one entry share an ID")
	}
}

// TestEscalationUpdates checks that a concern waits for the escalation
// clock only while it is open and has a rung left, and comes back when
// the ladder grows.
func TestEscalationUpdates(t *testing.T) {
	w := newWorld(t)
	jack := PersonActor("jack")
	waiting := func(evs []Event) []bool {
		var out []bool
		for _, e := range evs {
			for _, u := range EscalationUpdates(w.prod, e) {
				if strings.HasPrefix(u.Item, watchPrefix) {
					continue // the watch of firearms, not a concern
				}
				out = append(out, u.Waiting)
			}
		}
		return out
	}
	evs := w.must("red-mesa", jack, RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityCritical, Description: "x", Mode: ReportNamed})
	if got := waiting(evs); !slices.Equal(got, []bool{true}) {
		t.Fatalf("a new concern: %v", got)
	}
	// It climbs to the UPM, then the producer: the top of the default
	// ladder.
	for _, want := range []bool{true, false} {
		w.now = w.now.Add(5 * time.Hour)
		evs = w.must("red-mesa", SystemActor("escalation"), EscalateConcern{ID: "c1"})
		if got := waiting(evs); !slices.Equal(got, []bool{want}) {
			t.Fatalf("after climbing to rung %d: %v, want %v", w.prod.Concern("c1").Rung, got, want)
		}
	}
	// A role off the ladder changes nothing; the union representative put
	// on it brings the concern back.
	if got := waiting(w.must("red-mesa", SystemActor("test"), GrantRole{PersonID: "jack", Role: RoleCrew})); got != nil {
		t.Fatalf("a crew role: %v", got)
	}
	evs = w.must("red-mesa", SystemActor("test"), SetLadder{Rungs: []LadderRungSetting{{Rung: RungUnion, Email: "rep@example.org"}}})
	if got := waiting(evs); !slices.Equal(got, []bool{true}) {
		t.Fatalf("after the ladder grew: %v", got)
	}
	evs = w.must("red-mesa", PersonActor("dana"), MoveConcern{ID: "c1", State: ConcernResolved, Why: "Fixed"})
	if got := waiting(evs); !slices.Equal(got, []bool{false}) {
		t.Fatalf("once resolved: %v", got)
	}
}
