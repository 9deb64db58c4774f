package setsafe

import (
	"reflect"
	"strings"
	"testing"
)

// TestRefersTo pins what a sample of events are about, as the timeline
// shows and filters them: a change to any of them is a change people see.
func TestRefersTo(t *testing.T) {
	for _, c := range []struct {
		body Body
		want References
	}{
		{&AccountCreated{ID: "acc", Email: "a@example.com"}, References{}},
		{&ProductionUpdated{Name: "Night Shoot"}, References{}},
		{&ConcernRaised{ID: "c1", Reporter: "p1"}, References{}},
		{&PersonAdded{ID: "p1", Name: "Ana"}, References{People: []string{"p1"}}},
		{&RoleGranted{PersonID: "p2", Role: RoleArmorer}, References{People: []string{"p2"}}},
		{&TrainingRecorded{ID: "t1", PersonID: "p3"}, References{People: []string{"p3"}}},
		{&MeetingHeld{ID: "m1", LedBy: "p4"}, References{People: []string{"p4"}}},
		{&FirearmReceived{ID: "f1"}, References{Firearms: []string{"f1"}}},
		{&AmmoLotReceived{ID: "l1"}, References{Lots: []string{"l1"}}},
		{&AmmoLotVerifiedInert{LotID: "l1", By: "p1"}, References{Lots: []string{"l1"}, People: []string{"p1"}}},
		{&FirearmUnsecured{FirearmID: "f1", PersonID: "p1"}, References{Firearms: []string{"f1"}, People: []string{"p1"}}},
		{&FirearmSecured{FirearmID: "f1", Store: "safe"}, References{Firearms: []string{"f1"}}},
		{&FirearmHandedOver{FirearmID: "f1", From: "p1", To: "p2", SetUp: "s1"},
			References{Firearms: []string{"f1"}, People: []string{"p1", "p2"}, SetUp: "s1"}},
		{&FirearmHandedOver{FirearmID: "f1", From: "p1", To: "p1"}, References{Firearms: []string{"f1"}, People: []string{"p1"}}},
		{&FirearmLoaded{FirearmID: "f1", LotID: "l1", Rounds: 6}, References{Firearms: []string{"f1"}, Lots: []string{"l1"}}},
		{&FirearmUnloaded{FirearmID: "f1", LotID: "l1"}, References{Firearms: []string{"f1"}, Lots: []string{"l1"}}},
		{&FirearmShownClear{FirearmID: "f1", Witnesses: []string{"p1", "", "p2", "p1"}},
			References{Firearms: []string{"f1"}, People: []string{"p1", "p2"}}},
		{&FirearmInspected{FirearmID: "f1", By: "p1"}, References{Firearms: []string{"f1"}, People: []string{"p1"}}},
		{&ActionRefused{Action: "hand_over", FirearmID: "f1", From: "p1", To: "p2"},
			References{Firearms: []string{"f1"}, People: []string{"p1", "p2"}}},
		{&ActionRefused{Action: "load", FirearmID: "f1", LotID: "l1"}, References{Firearms: []string{"f1"}, Lots: []string{"l1"}}},
		{&ActionRefused{Action: "start"}, References{}},
		{&FirearmOutOfService{FirearmID: "f1"}, References{Firearms: []string{"f1"}}},
		{&FirearmReturnedToOwner{FirearmID: "f1"}, References{Firearms: []string{"f1"}}},
		{&RoundsReturned{LotID: "l1"}, References{Lots: []string{"l1"}}},
		{&RoundsDestroyed{LotID: "l1", Witness: "p5"}, References{Lots: []string{"l1"}, People: []string{"p5"}}},
		{&DischargeReported{ID: "d1", FirearmID: "f1", ReportedBy: "p1"}, References{Firearms: []string{"f1"}, People: []string{"p1"}}},
		{&DischargeInvestigated{DischargeID: "d1"}, References{}},
		{&FirearmReturnedToService{FirearmID: "f1"}, References{Firearms: []string{"f1"}}},
		{&ReviewSignedOff{PersonID: "p6"}, References{People: []string{"p6"}}},
		{&FileAttached{Subject: SubjectFirearm, SubjectID: "f1"}, References{Firearms: []string{"f1"}}},
		{&FileAttached{Subject: SubjectTraining, SubjectID: "t1"}, References{}},
		{&DayReconciled{Day: "2026-11-26"}, References{}},
		{&LiveRoundReported{ID: "r1", ReportedBy: "p1"}, References{People: []string{"p1"}}},
		{&LiveRoundCleared{ID: "r1", RemovedBy: "p1", VerifiedBy: "p2"}, References{People: []string{"p1", "p2"}}},
		{&SetUpPlanned{ID: "s1"}, References{SetUp: "s1"}},
		{&ShotPlanRecorded{SetUpID: "s1"}, References{SetUp: "s1"}},
		{&SetUpStarted{SetUpID: "s1"}, References{SetUp: "s1"}},
		{&StopWorkCalled{ID: "w1", SetUpID: "s1", CalledBy: "p1"}, References{People: []string{"p1"}, SetUp: "s1"}},
		{&StopWorkLifted{ID: "w1", LiftedBy: "p2"}, References{People: []string{"p2"}}},
		{&LadderSet{}, References{}},
		{&PermissionGranted{ID: "p1", SetUpIDs: []string{"s1"}}, References{}},
		{&PermissionRefused{ID: "p1", SetUpIDs: []string{"s1"}}, References{}},
		{&PermissionWithdrawn{ID: "p1"}, References{}},
	} {
		if got := RefersTo(c.body); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: RefersTo = %+v, want %+v", c.body.EventType(), got, c.want)
		}
	}
}

// TestEveryEventHasAName checks that every registered event type has
// plain words of its own.
func TestEveryEventHasAName(t *testing.T) {
	seen := map[string]string{}
	for _, typ := range EventTypes() {
		name := EventName(typ)
		if name == typ || strings.TrimSpace(name) != name || name == "" {
			t.Errorf("event type %q has no plain-word name: %q", typ, name)
		}
		if other, dup := seen[name]; dup {
			t.Errorf("%q and %q are both called %q", typ, other, name)
		}
		seen[name] = typ
	}
	if got := EventName("stray.happened"); got != "stray.happened" {
		t.Errorf("an unregistered type is called %q, want its type", got)
	}
}

// TestHandedOverVersions checks that a hand-off recorded in body version 1,
// before both people confirmed with their PIN, still decodes, says its
// version and folds, and that new hand-offs are written in version 2.
func TestHandedOverVersions(t *testing.T) {
	tests := []struct {
		name    string
		version int
		body    string
		want    Body
	}{
		{"version 1, confirmed by the receiver's PIN", 1, `{"firearm_id":"f1","from":"p1","to":"p2","confirmed_by":"pin","setup":"s1"}`,
			&FirearmHandedOverOnePIN{FirearmID: "f1", From: "p1", To: "p2", ConfirmedBy: "pin", SetUp: "s1"}},
		{"version 2, confirmed by both", 2, `{"firearm_id":"f1","from":"p1","to":"p2","confirmed_with_pin":["p1","p2"],"device":"session:ab12","setup":""}`,
			&FirearmHandedOver{FirearmID: "f1", From: "p1", To: "p2", ConfirmedWithPIN: []string{"p1", "p2"}, Device: "session:ab12"}},
		{"version 1 does not read version 2's fields", 1, `{"firearm_id":"f1","from":"p1","to":"p2","confirmed_with_pin":["p1","p2"],"device":"d","setup":""}`, nil},
		{"version 2 does not read version 1's fields", 2, `{"firearm_id":"f1","from":"p1","to":"p2","confirmed_by":"pin","setup":""}`, nil},
		{"no version 3", 3, `{"firearm_id":"f1","from":"p1","to":"p2","confirmed_with_pin":["p1","p2"],"device":"d","setup":""}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := DecodeBody("firearm.handed_over", tt.version, []byte(tt.body))
			if tt.want == nil {
				if err == nil {
					t.Fatalf("decoded %+v, want an error", b)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(b, tt.want) {
				t.Fatalf("decoded %+v, %v; want %+v", b, err, tt.want)
			}
			if v := BodyVersionOf(b); v != tt.version {
				t.Fatalf("body version %d, want %d", v, tt.version)
			}
			if RefersTo(b).People[1] != "p2" {
				t.Fatalf("refers to %+v", RefersTo(b))
			}
		})
	}
	if BodyVersion("firearm.handed_over") != 2 {
		t.Fatalf("hand-offs are written in version %d", BodyVersion("firearm.handed_over"))
	}
}
