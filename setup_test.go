package setsafe

import (
	"strings"
	"testing"
)

func TestSetUpsAndStopWork(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	// Rust, link 10: pointed toward the camera with no plan.
	w.must("red-mesa", op, PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42: the church", Hazards: []string{"firearms"}, TowardPeople: true})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", SetUpID: "s42", By: "hannah"})
	refusedFor(t, evs, err, "FA-9")
	w.must("red-mesa", op, RecordShotPlan{SetUpID: "s42", Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true, Notes: "Lexan shield, camera on remote head"})

	// Anyone may stop the work; only the safety coordinator or a producer
	// lifts it.
	w.must("red-mesa", op, CallStopWork{ID: "sw1", Scope: "setup", SetUpID: "s42", Reason: "Rounds in the dummy box rattle oddly", By: "jack"})
	evs, err = w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", SetUpID: "s42", By: "hannah"})
	refusedFor(t, evs, err, "WS-4")
	if _, err := w.run("red-mesa", PersonActor("marcus"), LiftStopWork{ID: "sw1", Resolution: "Checked"}); ErrorCode(err) != EForbidden {
		t.Fatalf("the 1st AD lifted a stop-work: %v", err)
	}
	w.must("red-mesa", op, LiftStopWork{ID: "sw1", Resolution: "Every round checked; box replaced", By: "dana"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedWithPIN: []string{"hannah", "jack"}, Device: "tablet-1", SetUpID: "s42", By: "hannah"})

	// A stunt set-up cannot start without a stunt coordinator or a
	// briefing on stunts.
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	evs, err = w.run("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"})
	refusedFor(t, evs, err, "HZ-1")
	if n := strings.Count(ErrorMessage(err), "(HZ-1)"); n != 2 {
		t.Fatalf("want two missing preparations, got %d: %s", n, ErrorMessage(err))
	}
}
