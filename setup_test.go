package setsafe

import (
	"slices"
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

	// A stunt set-up cannot start without its people on site, its
	// preparations and a briefing on stunts.
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	evs, err = w.run("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"})
	for _, rule := range []string{"ST-1", "ST-3", "MD-1", "HZ-1"} {
		refusedFor(t, evs, err, rule)
	}
	if n := strings.Count(ErrorMessage(err), "(ST-3)"); n != 2 {
		t.Fatalf("want the plan and the rehearsal missing, got %d: %s", n, ErrorMessage(err))
	}
}

// stuntReady plans Scene 43, a stunt fall, and gives it everything but
// its people on site: Vic, the stunt coordinator, and Nora, the medic, are
// on the crew and at the meeting on stunts, and Vic has recorded the plan
// and the rehearsal.
func stuntReady(t *testing.T) *world {
	t.Helper()
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	w.must("red-mesa", op, AddPerson{ID: "vic", PersonDetails: PersonDetails{Name: "Vic"}, Roles: []Role{RoleStuntCoordinator}})
	w.must("red-mesa", op, AddPerson{ID: "nora", PersonDetails: PersonDetails{Name: "Nora"}, Roles: []Role{RoleMedic}})
	w.must("red-mesa", op, HoldMeeting{ID: "meet2", Topics: []string{"The fall"}, Hazards: []string{"stunts"}, Covered: gate.TopicIDs("stunts", nil), WalkThrough: true, By: "marcus"})
	for _, p := range []string{"vic", "nora", "marcus"} {
		w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet2", PersonID: p, ConfirmedBy: "pin"})
	}
	plan := NewFile("application/pdf", []byte("%PDF-1.4 the fall onto the air bag"))
	w.must("red-mesa", op, RecordPreparation{ID: "prep1", Kind: "stunt_plan", SetUpID: "s43", Ready: true, Document: &plan, By: "vic"})
	w.must("red-mesa", op, RecordPreparation{ID: "prep2", Kind: "stunt_rehearsal", SetUpID: "s43", Ready: true, By: "vic"})
	return w
}

// TestStuntSetUpSeesItsPeople starts a stunt set-up as the 1st AD: the
// gate must see the stunt coordinator and the medic checked in on set,
// though neither starts it nor holds a firearm, and being on the crew is
// not enough.
func TestStuntSetUpSeesItsPeople(t *testing.T) {
	w := stuntReady(t)
	op := SystemActor("test")
	evs, err := w.run("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"})
	refusedFor(t, evs, err, "ST-1")
	refusedFor(t, evs, err, "MD-1")
	if !strings.Contains(ErrorMessage(err), "nobody is checked in on set as stunt coordinator") {
		t.Fatalf("the refusal does not name the missing coordinator: %s", ErrorMessage(err))
	}
	w.must("red-mesa", op, CheckInPerson{PersonID: "vic", ConfirmedBy: CheckInByPIN})
	evs, err = w.run("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"})
	refusedFor(t, evs, err, "MD-1")
	if strings.Contains(ErrorMessage(err), "ST-1") {
		t.Fatalf("the coordinator is checked in, yet: %s", ErrorMessage(err))
	}
	w.must("red-mesa", op, CheckInPerson{PersonID: "nora", ConfirmedBy: CheckInByPIN})
	if evs := w.must("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"}); len(evs) != 1 || evs[0].Type() != "setup.started" {
		t.Fatalf("with the stunt coordinator and the medic on site: %v", evs)
	}
}

// TestBoardSeesEveryHazardsPeople reads the day's board as the pages do,
// from one situation with no action: a stunt set-up with its people
// checked in is GO there too, and NO-GO once the medic checks out.
func TestBoardSeesEveryHazardsPeople(t *testing.T) {
	w := stuntReady(t)
	op := SystemActor("test")
	for _, p := range []string{"vic", "nora"} {
		w.must("red-mesa", op, CheckInPerson{PersonID: p, ConfirmedBy: CheckInByPIN})
	}
	board := func() gate.Verdict {
		t.Helper()
		sit, err := w.prod.Situation(w.now)
		if err != nil {
			t.Fatal(err)
		}
		return gate.Check(sit, gate.Action{Kind: gate.StartSetUp, From: "marcus", SetUp: w.prod.GateSetUp("s43")})
	}
	if v := board(); !v.Go {
		t.Fatalf("the board says %s", v)
	}
	w.must("red-mesa", op, CheckOutPerson{PersonID: "nora", ConfirmedBy: CheckInByPIN})
	if v := board(); v.Go || !slices.Contains(v.Rules(), gate.MD1) {
		t.Fatalf("the medic checked out and the board says %s", v)
	}
}
