package setsafe

import (
	"strings"
	"testing"

	"github.com/setsafe/setsafe/gate"
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

// TestStuntSetUpSeesItsCoordinator starts a stunt set-up as the 1st AD:
// the gate must see the stunt coordinator on the crew, though neither
// starts it nor holds a firearm.
func TestStuntSetUpSeesItsCoordinator(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	w.must("red-mesa", op, HoldMeeting{ID: "meet2", Topics: []string{"The fall"}, Hazards: []string{"stunts"}, WalkThrough: true, By: "marcus"})
	evs, err := w.run("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"})
	refusedFor(t, evs, err, "HZ-1")
	if !strings.Contains(ErrorMessage(err), "nobody is on duty as stunt coordinator") {
		t.Fatalf("the refusal does not name the missing coordinator: %s", ErrorMessage(err))
	}
	w.must("red-mesa", op, AddPerson{ID: "vic", PersonDetails: PersonDetails{Name: "Vic"}, Roles: []Role{RoleStuntCoordinator}})
	if evs := w.must("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"}); len(evs) != 1 || evs[0].Type() != "setup.started" {
		t.Fatalf("with a stunt coordinator on the crew: %v", evs)
	}
}

// TestBoardSeesEveryHazardsPeople reads the day's board as the pages do,
// from one situation with no action: a stunt set-up with its coordinator
// on the crew is GO there too.
func TestBoardSeesEveryHazardsPeople(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	w.must("red-mesa", op, HoldMeeting{ID: "meet2", Topics: []string{"The fall"}, Hazards: []string{"stunts"}, WalkThrough: true, By: "marcus"})
	w.must("red-mesa", op, AddPerson{ID: "vic", PersonDetails: PersonDetails{Name: "Vic"}, Roles: []Role{RoleStuntCoordinator}})
	sit, err := w.prod.Situation(w.now)
	if err != nil {
		t.Fatal(err)
	}
	if v := gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: "marcus", SetUp: w.prod.GateSetUp("s43")}); !v.Go {
		t.Fatalf("the board says %s", v)
	}
}
