package setsafe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// TestTrainingsAreNotDatedAhead records trainings late in the evening on
// set, when the day in UTC is already the next: a course is done today on
// set or before, never later.
func TestTrainingsAreNotDatedAhead(t *testing.T) {
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		completed string
		ok        bool
	}{
		{"2021-10-20", true},
		{"2021-10-21", true},
		{"2021-10-22", false}, // already today in UTC, tomorrow on set
		{"2031-01-01", false},
	}
	for _, tt := range tests {
		w := armoryWorld(t)
		w.now = time.Date(2021, 10, 21, 21, 30, 0, 0, denver)
		_, err := w.run("red-mesa", SystemActor("test"), RecordTraining{ID: "t9", PersonID: "jack", Course: "Firearm safety", Provider: "CSATF",
			Firearms: true, Completed: tt.completed})
		if e, _ := err.(*Error); (err == nil) != tt.ok || (err != nil && (e == nil || e.Fields["completed"] == "")) {
			t.Errorf("a course completed %s, recorded on 21 October at 21:30 on set: %v", tt.completed, err)
		}
	}
	if _, err := armoryWorld(t).run("red-mesa", SystemActor("test"), RecordTraining{ID: "t9", PersonID: "jack", Course: "C", Provider: "P",
		Completed: "2021-10-22"}); !strings.Contains(ErrorMessage(err)+fmt.Sprint(err), "2021-10-21") {
		t.Errorf("the refusal does not say what today is on set: %v", err)
	}
}

// TestExpiryDaysOnSet asks the gate about an issue late in the evening on
// set, when the day in UTC is already the next. A training or permit
// counts from the start of the day it was completed until the end of the
// day it expires, both in the set's time zone.
func TestExpiryDaysOnSet(t *testing.T) {
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2021, 10, 21, 23, 30, 0, 0, denver) // 05:30 on the 22nd in UTC
	tests := []struct {
		name                        string
		completed, expires, permits string
		want                        gate.RuleID
	}{
		{"a training expiring today", "2021-09-01", "2021-10-21", "2022-12-31", ""},
		{"a training that expired yesterday", "2021-09-01", "2021-10-20", "2022-12-31", gate.PR2},
		{"a training expiring tomorrow", "2021-09-01", "2021-10-22", "2022-12-31", ""},
		{"a training completed today", "2021-10-21", "", "2022-12-31", ""},
		{"a training dated tomorrow, recorded before such dates were refused", "2021-10-22", "", "2022-12-31", gate.PR2},
		{"a permit expiring today", "2021-09-01", "", "2021-10-21", ""},
		{"a permit that expired yesterday", "2021-09-01", "", "2021-10-20", gate.PR3},
		{"a permit expiring tomorrow", "2021-09-01", "", "2021-10-22", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			op := SystemActor("test")
			w.must("red-mesa", op, AddPerson{ID: "hannah", PersonDetails: PersonDetails{Name: "Hannah"}, Roles: []Role{RoleArmorer}})
			// Recorded as the ledger holds them, whatever their dates; the
			// revolver is in the armorer's hands.
			for _, b := range []Body{
				&TrainingRecorded{ID: "train1", PersonID: "jack", Course: "Firearm safety", Provider: "CSATF", Firearms: true, Completed: tt.completed, Expires: tt.expires},
				&PermitRecorded{ID: "permit1", PersonID: "hannah", Kind: "armorer", Number: "NM-1", Issuer: "State", Expires: tt.permits},
				&FirearmReceived{ID: "colt", Make: "Colt", Model: "Single Action Army", Serial: "4417", Kind: "blank_firing", Calibre: ".45 Colt",
					Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck"},
				&FirearmUnsecured{FirearmID: "colt", PersonID: "hannah"},
			} {
				if err := w.prod.Apply(Event{Ledger: "red-mesa", Seq: w.prod.Size + 1, Time: t0, Actor: op, Body: b}); err != nil {
					t.Fatal(err)
				}
			}
			a := AccessFor(op, w.site, w.prod)
			v, err := Preview(w.prod, Decision{Now: now, Actor: op, Access: a, Site: w.site}, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
			if err != nil {
				t.Fatal(err)
			}
			for _, rule := range []gate.RuleID{gate.PR2, gate.PR3} {
				if failed := slices.Contains(v.Rules(), rule); failed != (rule == tt.want) {
					t.Errorf("%s fails: %v; want %s to fail; the verdict: %s", rule, failed, tt.want, v)
				}
			}
		})
	}
}
