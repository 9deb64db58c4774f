package setsafe

import (
	"slices"
	"strings"
	"testing"
)

// revolverOut is the armory world with the loaded revolver issued to Jack
// by Hannah, the only armorer, and Pia, an armorer who has not filed her
// permit yet, on the crew list.
func revolverOut(t *testing.T) *world {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	w.must("red-mesa", op, AddPerson{ID: "pia", PersonDetails: PersonDetails{Name: "Pia"}, Roles: []Role{RoleArmorer}})
	return w
}

func gapOf(t *testing.T, w *world) []string {
	t.Helper()
	gap, err := w.prod.DutyGap(w.now)
	if err != nil {
		t.Fatal(err)
	}
	return gap
}

func TestLastArmorerStaysOnDuty(t *testing.T) {
	op := SystemActor("test")
	cases := []struct {
		name string
		cmd  Command
	}{
		{"going off duty", EndDuty{By: "hannah"}},
		{"losing the armorer's role", RevokeRole{PersonID: "hannah", Role: RoleArmorer, Reason: "Needed on the second unit"}},
		{"leaving the production", RemovePerson{ID: "hannah", Reason: "Called away"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := revolverOut(t)
			evs, err := w.run("red-mesa", op, tc.cmd)
			refusedFor(t, evs, err, "FA-2")
			msg := ErrorMessage(err)
			if !strings.Contains(msg, "Hannah is the last qualified armorer on duty") || !strings.Contains(msg, "the Colt Single Action Army (SN 4417) is with Jack, loaded with 6 rounds") {
				t.Errorf("the refusal does not say what is out: %s", msg)
			}
			if !w.prod.OnArmorerDuty("hannah") || !w.prod.Person("hannah").Active {
				t.Fatal("a refused change ended the duty")
			}
			// With a second qualified armorer on duty, it goes through.
			w.must("red-mesa", op, RecordPermit{ID: "permit2", PersonID: "pia", Kind: "armorer", Number: "NM-2", Issuer: "State", Expires: "2022-12-31"})
			w.must("red-mesa", op, tc.cmd)
			if w.prod.OnArmorerDuty("hannah") {
				t.Fatal("Hannah is still on duty")
			}
			if gap := gapOf(t, w); gap != nil {
				t.Fatalf("a gap with Pia on duty: %v", gap)
			}
		})
	}
}

func TestDutyHandover(t *testing.T) {
	op := SystemActor("test")
	w := revolverOut(t)
	both := HandOverDuty{To: "pia", ConfirmedWithPIN: []string{"hannah", "pia"}, Device: "tablet-1", By: "hannah"}
	evs, err := w.run("red-mesa", op, both)
	refusedFor(t, evs, err, "PR-3") // Pia has no permit yet
	evs, err = w.run("red-mesa", op, HandOverDuty{To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", By: "hannah"})
	refusedFor(t, evs, err, "PR-3") // Jack is no armorer
	w.must("red-mesa", op, RecordPermit{ID: "permit2", PersonID: "pia", Kind: "armorer", Number: "NM-2", Issuer: "State", Expires: "2022-12-31"})
	w.must("red-mesa", op, EndDuty{By: "pia"}) // off duty, so Hannah is the last one
	one := both
	one.ConfirmedWithPIN = []string{"hannah"}
	evs, err = w.run("red-mesa", op, one)
	refusedFor(t, evs, err, "FA-3")
	if _, err := w.run("red-mesa", op, HandOverDuty{To: "pia", ConfirmedWithPIN: []string{"hannah", "pia"}, By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("a handover without its device: %v", err)
	}

	// Hannah holds a second firearm; it passes to Pia with the duty.
	w.must("red-mesa", op, ReceiveFirearm{ID: "rifle", Make: "Winchester", Model: "1892", Serial: "W1", Kind: "blank_firing",
		Calibre: ".44-40", Chambers: 10, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"})
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "rifle", By: "hannah"})
	evs = w.must("red-mesa", op, both)
	b, ok := evs[0].Body.(*DutyHandedOver)
	if !ok || len(evs) != 1 {
		t.Fatalf("recorded %+v", evs)
	}
	want := []DutyFirearm{{FirearmID: "colt", Custodian: "jack", LotID: "dummies", Rounds: 6}, {FirearmID: "rifle", Custodian: "hannah"}}
	if !slices.Equal(b.Firearms, want) || !slices.Equal(b.ConfirmedWithPIN, []string{"hannah", "pia"}) || b.Device != "tablet-1" {
		t.Fatalf("the handover records %+v", b)
	}
	if w.prod.OnArmorerDuty("hannah") || !w.prod.OnArmorerDuty("pia") || w.prod.Firearm("rifle").Custodian != "pia" {
		t.Fatalf("after the handover: hannah on duty %v, pia on duty %v, rifle with %s", w.prod.OnArmorerDuty("hannah"), w.prod.OnArmorerDuty("pia"), w.prod.Firearm("rifle").Custodian)
	}
	if _, err := w.run("red-mesa", op, both); ErrorCode(err) != EConflict {
		t.Fatalf("Hannah, off duty, handed over again: %v", err)
	}
}

func TestEmergencyOverrideOpensADutyGap(t *testing.T) {
	op := SystemActor("test")
	w := revolverOut(t)
	if _, err := w.run("red-mesa", op, EndDuty{PersonID: "hannah", Emergency: true}); ErrorCode(err) != EInvalid {
		t.Fatalf("an emergency without a reason: %v", err)
	}
	if err := (EndDuty{PersonID: "hannah", Emergency: true, Reason: "x"}).Authorize(accessAs("marcus", RoleFirstAD), w.prod); ErrorCode(err) != EForbidden {
		t.Fatalf("the 1st AD overrode the duty: %v", err)
	}
	evs := w.must("red-mesa", op, EndDuty{PersonID: "hannah", Emergency: true, Reason: "Taken to hospital"})
	if len(evs) != 2 || evs[0].Type() != "duty.overridden" || evs[1].Type() != "duty.ended" {
		t.Fatalf("recorded %v", evs)
	}
	if o := evs[0].Body.(*DutyOverridden); o.Change != DutyChangeOffDuty || o.Reason != "Taken to hospital" || len(o.Firearms) != 1 || len(o.Rules) != 1 || o.Rules[0].ID != "FA-2" {
		t.Fatalf("the override records %+v", o)
	}
	if gap := gapOf(t, w); !slices.Equal(gap, []string{"colt"}) {
		t.Fatalf("DutyGap = %v, want the revolver", gap)
	}
	// During the gap nothing moves, not even a return to an armorer who is
	// not qualified yet.
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", From: "jack", ConfirmedWithPIN: []string{"jack", "pia"}, Device: "tablet-1", By: "pia"})
	refusedFor(t, evs, err, "FA-2")
	w.must("red-mesa", op, EndDuty{By: "pia"})
	evs, err = w.run("red-mesa", op, StartDuty{By: "pia"})
	refusedFor(t, evs, err, "PR-3")
	// A qualified armorer coming on duty closes it, and takes the revolver
	// back.
	w.must("red-mesa", op, StartDuty{By: "hannah"})
	if gap := gapOf(t, w); gap != nil {
		t.Fatalf("a gap with Hannah back on duty: %v", gap)
	}
	w.must("red-mesa", op, HandOver{FirearmID: "colt", From: "jack", ConfirmedWithPIN: []string{"jack", "hannah"}, Device: "tablet-1", By: "hannah"})
	if evs := w.must("red-mesa", op, StartDuty{By: "hannah"}); len(evs) != 0 {
		t.Fatalf("coming on duty twice recorded %v", evs)
	}
}

func TestEmergencyRoleRevocationAndLeaving(t *testing.T) {
	op := SystemActor("test")
	for _, tc := range []struct {
		cmd  Command
		last string
	}{
		{RevokeRole{PersonID: "hannah", Role: RoleArmorer, Reason: "Walked off the set", Emergency: true}, "role.revoked"},
		{RemovePerson{ID: "hannah", Reason: "Walked off the set", Emergency: true}, "person.left"},
	} {
		w := revolverOut(t)
		evs := w.must("red-mesa", op, tc.cmd)
		if len(evs) != 2 || evs[0].Type() != "duty.overridden" || evs[1].Type() != tc.last {
			t.Fatalf("%T recorded %v", tc.cmd, evs)
		}
		if gap := gapOf(t, w); !slices.Equal(gap, []string{"colt"}) {
			t.Fatalf("%T: DutyGap = %v", tc.cmd, gap)
		}
	}
}

func TestOffDutyArmorerHoldingAFirearm(t *testing.T) {
	op := SystemActor("test")
	w := armoryWorld(t)
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	w.must("red-mesa", op, AddPerson{ID: "pia", PersonDetails: PersonDetails{Name: "Pia"}, Roles: []Role{RoleArmorer}})
	w.must("red-mesa", op, RecordPermit{ID: "permit2", PersonID: "pia", Kind: "armorer", Number: "NM-2", Issuer: "State", Expires: "2022-12-31"})
	if _, err := w.run("red-mesa", op, EndDuty{By: "hannah"}); ErrorCode(err) != EConflict {
		t.Fatalf("Hannah went off duty holding the revolver: %v", err)
	}
	w.must("red-mesa", op, SecureFirearm{FirearmID: "colt", Store: "armory truck", By: "hannah"})
	w.must("red-mesa", op, EndDuty{By: "hannah", Reason: "Lunch"})
	// Off duty, she is no armorer to the gate.
	evs, err := w.run("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	refusedFor(t, evs, err, "FA-3")
	if _, err := w.run("red-mesa", op, StartDuty{By: "jack"}); ErrorCode(err) != EConflict {
		t.Fatalf("Jack, no armorer, came on duty: %v", err)
	}
}
