package setsafe

import (
	"slices"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/gate"
)

func TestEndOfDayCount(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	if _, err := w.run("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 7, By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("unload with more fired than loaded: %v", err)
	}
	// Two dummies fired: counted, and reported as a discharge.
	w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 2, Report: "u1", By: "hannah"})
	if l := w.prod.AmmoLot("dummies"); l.InStock != 48 || l.Fired != 2 || l.Loaded != 0 || l.InStock+l.Loaded+l.Fired != l.Received {
		t.Fatalf("lot after firing two: %+v", l)
	}
	// Wrap with the revolver still out and two rounds short: two
	// discrepancies.
	evs := w.must("red-mesa", op, ReconcileDay{Counts: []LotCount{{LotID: "dummies", Counted: 46}}, By: "hannah"})
	found := evs[0].Body.(*DayReconciled).Discrepancies
	if len(found) != 2 || !strings.Contains(found[0].What, "not secured") || !strings.Contains(found[1].What, "2 rounds of lot D-1 missing") {
		t.Fatalf("discrepancies: %+v", found)
	}
	w.must("red-mesa", op, SecureFirearm{FirearmID: "colt", Store: "truck", By: "hannah"})
	// The next day, no issue until both are resolved.
	next := t0.Add(24 * 3600e9)
	v, err := w.prod.Verdict(next, gate.Action{Kind: gate.Handover, Firearm: "colt", From: "hannah", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}})
	if err != nil || !slices.Contains(v.Rules(), "FA-12") {
		t.Fatalf("next day's issue: %s %v", v, err)
	}
	for _, f := range found {
		w.must("red-mesa", op, ResolveDiscrepancy{ID: f.ID, Resolution: "Rounds found in the prop box; revolver was with the armorer"})
	}
	v, _ = w.prod.Verdict(next, gate.Action{Kind: gate.Handover, Firearm: "colt", From: "hannah", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}})
	if slices.Contains(v.Rules(), "FA-12") {
		t.Fatalf("resolved discrepancies still block: %s", v)
	}
}
