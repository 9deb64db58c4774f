package setsafe

import (
	"slices"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// TestCheckInAndOut checks people in and out, on their own phone and with
// their PIN on the 1st AD's tablet: who is on site after each step, what
// is recorded, and what is refused.
func TestCheckInAndOut(t *testing.T) {
	jack, marcus, grace := PersonActor("jack"), PersonActor("marcus"), PersonActor("grace")
	in := func(who, how string) CheckInPerson { return CheckInPerson{PersonID: who, ConfirmedBy: how} }
	out := func(who, how string) CheckOutPerson { return CheckOutPerson{PersonID: who, ConfirmedBy: how} }
	type step struct {
		actor Actor
		cmd   Command
		// later moves the clock before the step.
		later time.Duration
		code  string
		// recorded is how many entries the step records.
		recorded int
	}
	tests := []struct {
		name  string
		steps []step
		// onSite are the people on site after the last step.
		onSite []string
		// outBy is who checked jack out, when someone did.
		outBy string
	}{
		{"on one's own phone", []step{{jack, in("jack", "session"), 0, "", 1}}, []string{"jack"}, ""},
		{"with a PIN on the 1st AD's tablet", []step{{marcus, in("jack", "pin"), 0, "", 1}}, []string{"jack"}, ""},
		{"twice records nothing the second time", []step{{jack, in("jack", "session"), 0, "", 1}, {marcus, in("jack", "pin"), time.Hour, "", 0}}, []string{"jack"}, ""},
		{"in then out", []step{{jack, in("jack", "session"), 0, "", 1}, {jack, out("jack", "session"), 8 * time.Hour, "", 1}}, nil, "jack"},
		{"out with a PIN", []step{{jack, in("jack", "session"), 0, "", 1}, {marcus, out("jack", "pin"), time.Hour, "", 1}}, nil, "jack"},
		{"in again after out", []step{{jack, in("jack", "session"), 0, "", 1}, {jack, out("jack", "session"), time.Hour, "", 1}, {jack, in("jack", "session"), time.Hour, "", 1}}, []string{"jack"}, ""},
		{"out when not in is refused", []step{{jack, out("jack", "session"), 0, EConflict, 0}}, nil, ""},
		{"a check-in of an earlier day no longer counts", []step{{jack, in("jack", "session"), 0, "", 1}, {marcus, in("marcus", "session"), 24 * time.Hour, "", 1}}, []string{"marcus"}, ""},
		{"out after a check-in of an earlier day is refused", []step{{jack, in("jack", "session"), 0, "", 1}, {jack, out("jack", "session"), 24 * time.Hour, EConflict, 0}}, nil, ""},
		{"the 1st AD checks out someone who left", []step{{jack, in("jack", "session"), 0, "", 1}, {marcus, out("jack", "session"), 10 * time.Hour, "", 1}}, nil, "marcus"},
		{"others may not check someone out", []step{{jack, in("jack", "session"), 0, "", 1}, {grace, out("jack", "session"), time.Hour, EForbidden, 0}}, []string{"jack"}, ""},
		{"nobody checks someone else in in their own session", []step{{marcus, in("jack", "session"), 0, EForbidden, 0}}, nil, ""},
		{"a PIN on a device nobody runs the day on", []step{{jack, in("marcus", "pin"), 0, EForbidden, 0}}, nil, ""},
		{"confirmed some other way", []step{{marcus, in("jack", "wave"), 0, EInvalid, 0}}, nil, ""},
		{"someone not on the production", []step{{marcus, in("stranger", "pin"), 0, ENotFound, 0}}, nil, ""},
		{"in the future", []step{{jack, CheckInPerson{PersonID: "jack", ConfirmedBy: "session", OccurredAt: rfc3339(t0.Add(time.Minute))}, 0, EInvalid, 0}}, nil, ""},
		{"more than 12 hours back", []step{{jack, CheckInPerson{PersonID: "jack", ConfirmedBy: "session", OccurredAt: rfc3339(t0.Add(-13 * time.Hour))}, 13 * time.Hour, EInvalid, 0}}, nil, ""},
		{"on an earlier day", []step{{jack, CheckInPerson{PersonID: "jack", ConfirmedBy: "session", OccurredAt: rfc3339(t0.Add(-2 * time.Hour))}, 0, EInvalid, 0}}, nil, ""},
		{"an hour ago, on the set's clock", []step{{jack, CheckInPerson{PersonID: "jack", ConfirmedBy: "session", OccurredAt: "2021-10-21T06:00"}, 12 * time.Hour, "", 1}}, []string{"jack"}, ""},
		{"out before in is refused", []step{{jack, in("jack", "session"), 0, "", 1}, {jack, CheckOutPerson{PersonID: "jack", ConfirmedBy: "session", OccurredAt: rfc3339(t0.Add(-time.Minute))}, time.Hour, EInvalid, 0}}, []string{"jack"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			for i, st := range tt.steps {
				w.now = w.now.Add(st.later)
				evs, err := w.run("red-mesa", st.actor, st.cmd)
				if ErrorCode(err) != st.code || (err == nil) != (st.code == "") || len(evs) != st.recorded {
					t.Fatalf("step %d %+v: got %v and %d entries, want %q and %d", i, st.cmd, err, len(evs), st.code, st.recorded)
				}
				for _, e := range evs {
					if e.Actor != st.actor {
						t.Fatalf("step %d recorded by %v, want %v", i, e.Actor, st.actor)
					}
				}
			}
			var got []string
			for _, p := range w.prod.OnSiteNow(w.now) {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, tt.onSite) {
				t.Fatalf("on site %v, want %v", got, tt.onSite)
			}
			for _, id := range []string{"jack", "marcus"} {
				if want := len(tt.onSite) > 0 && id == tt.onSite[0]; w.prod.OnSite(id, w.now) != want {
					t.Fatalf("OnSite(%s) = %v, want %v", id, !want, want)
				}
			}
			if c := w.prod.CheckIn("jack"); tt.outBy != "" && (c == nil || !c.CheckedOut || c.OutBy != tt.outBy || !c.OutAt.Equal(w.now)) {
				t.Fatalf("jack's check-in %+v, want checked out by %s at %v", c, tt.outBy, w.now)
			}
		})
	}
}

// TestCheckInRecordsTheDayAndHow records a check-in with its set's day,
// the time said and how it was confirmed, as the ledger keeps them.
func TestCheckInRecordsTheDayAndHow(t *testing.T) {
	w := newWorld(t)
	w.now = t0.Add(6 * time.Hour) // 07:00 in Denver
	evs := w.must("red-mesa", PersonActor("marcus"), CheckInPerson{PersonID: "jack", ConfirmedBy: CheckInByPIN, OccurredAt: "2021-10-21T06:30"})
	b := evs[0].Body.(*CheckedIn)
	if b.Day != "2021-10-21" || !b.OccurredAt.Equal(t0.Add(5*time.Hour+30*time.Minute)) || b.ConfirmedBy != CheckInByPIN || b.PersonID != "jack" {
		t.Fatalf("recorded %+v", b)
	}
	if c := w.prod.CheckIn("jack"); c.Since != b.OccurredAt || c.Day != b.Day || c.CheckedOut {
		t.Fatalf("row %+v", c)
	}
	evs = w.must("red-mesa", PersonActor("marcus"), CheckOutPerson{PersonID: "jack", ConfirmedBy: CheckInBySession})
	if o := evs[0].Body.(*CheckedOut); o.By != "marcus" || o.PersonID != "jack" || !o.OccurredAt.Equal(w.now) {
		t.Fatalf("recorded %+v", o)
	}
}

// TestGateSeesWhoIsOnSite reads the situation the gate decides from:
// a person on site only while checked in today.
func TestGateSeesWhoIsOnSite(t *testing.T) {
	w := newWorld(t)
	onSite := func(now time.Time) bool {
		t.Helper()
		sit, err := w.prod.SituationFor(now, gate.Action{From: "jack"})
		if err != nil {
			t.Fatal(err)
		}
		return sit.People["jack"] != nil && sit.People["jack"].OnSite
	}
	if onSite(w.now) {
		t.Fatal("jack is on site before checking in")
	}
	w.must("red-mesa", PersonActor("jack"), CheckInPerson{PersonID: "jack", ConfirmedBy: CheckInBySession})
	if !onSite(w.now) {
		t.Fatal("jack is not on site after checking in")
	}
	if onSite(w.now.Add(24 * time.Hour)) {
		t.Fatal("yesterday's check-in still counts")
	}
	w.now = w.now.Add(time.Hour)
	w.must("red-mesa", PersonActor("jack"), CheckOutPerson{PersonID: "jack", ConfirmedBy: CheckInBySession})
	if onSite(w.now) {
		t.Fatal("jack is on site after checking out")
	}
}
