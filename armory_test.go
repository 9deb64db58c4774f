package setsafe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// armoryWorld is the red-mesa production with an armorer, her permit, a
// compliance contact, the actor's training, a revolver and lots received.
func armoryWorld(t *testing.T) *world {
	w := newWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "hannah", PersonDetails: PersonDetails{Name: "Hannah"}, Roles: []Role{RoleArmorer}})
	w.must("red-mesa", op, RecordPermit{ID: "permit1", PersonID: "hannah", Kind: "armorer", Number: "NM-1", Issuer: "State", Expires: "2022-12-31"})
	w.must("red-mesa", op, NameComplianceContact{PersonID: "luis"})
	w.must("red-mesa", op, RecordTraining{ID: "train1", PersonID: "jack", Course: "Firearm safety", Provider: "CSATF", Firearms: true, Hours: 4, Completed: "2021-09-01"})
	w.must("red-mesa", op, ReceiveFirearm{ID: "colt", Make: "Colt", Model: "Single Action Army", Serial: "4417", Kind: "blank_firing",
		Calibre: ".45 Colt", Chambers: 6, Owner: "PDQ Arm & Prop", Store: "armory truck", By: "hannah"})
	w.must("red-mesa", op, ReceiveAmmoLot{ID: "dummies", Label: "D-1", Kind: "dummy", Calibre: ".45 Colt", Source: "PDQ Arm & Prop", Headstamp: "PDQ 45", Count: 50, By: "hannah"})
	return w
}

func refusedFor(t *testing.T, evs []Event, err error, rule string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok || e.Code != ERefused {
		t.Fatalf("want a refusal under %s, got %v", rule, err)
	}
	if !slices.ContainsFunc(e.Rules, func(f RuleFinding) bool { return f.ID == rule }) {
		t.Fatalf("refusal does not name %s: %+v", rule, e.Rules)
	}
	if len(evs) != 1 || evs[0].Type() != "action.refused" {
		t.Fatalf("the refusal is not recorded: %+v", evs)
	}
}

// TestArmoryDay runs an armorer's morning: each step refused while a rule
// fails, with the refusal recorded, and allowed once it holds.
func TestArmoryDay(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	before := w.prod.Firearm("colt").Store

	// A gun handed out by the 1st AD (Rust, link 8) is refused, recorded,
	// and changes nothing.
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "marcus"})
	refusedFor(t, evs, err, "FA-3")
	if w.prod.Firearm("colt").Store != before {
		t.Fatal("a refused hand-over moved the firearm")
	}

	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	refusedFor(t, evs, err, "AM-3")
	w.must("red-mesa", op, VerifyInert{LotID: "dummies", Method: "rattle", Checked: 50, By: "hannah"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	if l := w.prod.AmmoLot("dummies"); l.InStock != 44 || l.Loaded != 6 {
		t.Fatalf("lot after loading: %+v", l)
	}

	// No meeting, no show-clear yet: the issue names both rules.
	evs, err = w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
	refusedFor(t, evs, err, "PR-1")
	refusedFor(t, evs, err, "FA-6")
	if !strings.Contains(ErrorMessage(err), "Nobody has shown the Colt Single Action Army (SN 4417) clear to Jack and the 1st AD") {
		t.Fatalf("message: %s", ErrorMessage(err))
	}

	w.must("red-mesa", op, HoldMeeting{ID: "meet1", Topics: []string{"Firearms (SB1)", "Walk-through of scene 42"}, WalkThrough: true, By: "marcus"})
	for _, who := range []string{"jack", "marcus", "hannah"} {
		w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet1", PersonID: who, ConfirmedBy: "pin"})
	}
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
	if f := w.prod.Firearm("colt"); f.Custodian != "jack" || f.Store != "" {
		t.Fatalf("after the issue: %+v", f)
	}

	// The actor may not pass it on; he gives it back to the armorer.
	evs, err = w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "marcus", ConfirmedBy: "pin", By: "jack"})
	refusedFor(t, evs, err, "FA-3")
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "hannah", ConfirmedBy: "pin", By: "jack"})
	w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", By: "hannah"})
	w.must("red-mesa", op, SecureFirearm{FirearmID: "colt", Store: "armory truck", By: "hannah"})
	if f, l := w.prod.Firearm("colt"), w.prod.AmmoLot("dummies"); f.Store != "armory truck" || f.LoadedRounds != 0 || l.InStock != 50 {
		t.Fatalf("at wrap: %+v %+v", f, l)
	}
}

func TestArmoryRefusals(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name string
		c    Command
		rule string
	}{
		{"a live lot (AM-1)", ReceiveAmmoLot{ID: "live", Label: "L", Kind: "live", Calibre: ".45", Source: "gun shop", Headstamp: "W-W", Count: 50, By: "hannah"}, "AM-1"},
		{"a lot without source (AM-4)", ReceiveAmmoLot{ID: "odd", Label: "O", Kind: "blank", Calibre: ".45", Headstamp: "W-W", Count: 50, By: "hannah"}, "AM-4"},
		{"a firearm received by the 1st AD (FA-11)", ReceiveFirearm{ID: "own", Make: "Glock", Model: "17", Serial: "X", Kind: "blank_firing", Calibre: "9mm", Chambers: 1, Owner: "Marcus", Store: "car", By: "marcus"}, "FA-11"},
		{"a firearm taken from the store by the 1st AD (FA-3)", UnsecureFirearm{FirearmID: "colt", By: "marcus"}, "FA-3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := armoryWorld(t)
			evs, err := w.run("red-mesa", op, tc.c)
			refusedFor(t, evs, err, tc.rule)
		})
	}
}

func TestArmoryInputErrors(t *testing.T) {
	op := SystemActor("test")
	tests := []struct {
		name  string
		c     Command
		field string
	}{
		{"firearm kind", ReceiveFirearm{ID: "x1", Make: "Colt", Model: "M", Serial: "1", Kind: "cannon", Calibre: ".45", Chambers: 6, Owner: "O", Store: "S", By: "hannah"}, "kind"},
		{"chambers", ReceiveFirearm{ID: "x1", Make: "Colt", Model: "M", Serial: "1", Kind: "blank_firing", Calibre: ".45", Chambers: 0, Owner: "O", Store: "S", By: "hannah"}, "chambers"},
		{"lot count", ReceiveAmmoLot{ID: "x2", Label: "L", Kind: "blank", Count: -1, By: "hannah"}, "count"},
		{"inert method", VerifyInert{LotID: "dummies", Method: "guess", Checked: 5, By: "hannah"}, "method"},
		{"training date", RecordTraining{ID: "t9", PersonID: "jack", Course: "C", Provider: "P", Completed: "21 Oct"}, "completed"},
		{"a training completed tomorrow", RecordTraining{ID: "t9", PersonID: "jack", Course: "C", Provider: "P", Firearms: true, Completed: "2021-10-22"}, "completed"},
		{"profile", SetSafetyProfile{Profile: "mars"}, "profile"},
		{"switching off a mandatory rule", SetSafetyProfile{Profile: "california", RulesOff: []string{"PR-2"}}, "rules_off"},
		{"loosening a mandatory parameter", SetSafetyProfile{Profile: "us", ShowClearMinutes: 60}, "show_clear_minutes"},
		{"who acts", UnsecureFirearm{FirearmID: "colt"}, "by"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := armoryWorld(t)
			_, err := w.run("red-mesa", op, tc.c)
			e, ok := err.(*Error)
			if !ok || e.Code != EInvalid || e.Fields[tc.field] == "" {
				t.Fatalf("want an invalid %s, got %v", tc.field, err)
			}
		})
	}
}

func TestSafetyProfileChangesTheRules(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, SetSafetyProfile{Profile: "us", RulesOff: []string{"PR-2"}, ShowClearMinutes: 5})
	rules, err := w.prod.SafetyRules()
	if err != nil {
		t.Fatal(err)
	}
	if rules.Applies("PR-2") || !rules.Applies("FA-6") || rules.Params.ShowClearWindow.Minutes() != 5 {
		t.Fatalf("rules: %+v", rules)
	}
}

// readyToIssue brings the armory world to the point where Hannah may issue
// the loaded revolver to Jack.
func readyToIssue(t *testing.T) *world {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	w.must("red-mesa", op, VerifyInert{LotID: "dummies", Method: "rattle", Checked: 50, By: "hannah"})
	w.must("red-mesa", op, HoldMeeting{ID: "meet1", Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, WalkThrough: true, By: "marcus"})
	for _, who := range []string{"jack", "marcus", "hannah"} {
		w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet1", PersonID: who, ConfirmedBy: "pin"})
	}
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	return w
}

func TestArmorerHasNoOtherDuties(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	// Rust, link 1: the armorer also made assistant props.
	evs, err := w.run("red-mesa", op, GrantRole{PersonID: "hannah", Role: RolePropertyMaster})
	refusedFor(t, evs, err, "FA-4")
	if slices.Contains(w.prod.RolesOf("hannah"), RolePropertyMaster) {
		t.Fatal("the refused role was granted")
	}
	evs, err = w.run("red-mesa", op, AddPerson{ID: "sam", PersonDetails: PersonDetails{Name: "Sam"}, Roles: []Role{RolePropertyMaster, RoleArmorer}})
	refusedFor(t, evs, err, "FA-4")
	if w.prod.Person("sam") != nil {
		t.Fatal("a refused person was added")
	}
	w.must("red-mesa", op, GrantRole{PersonID: "jack", Role: RolePropertyMaster})
}

func TestDischargesStopTheWork(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	// Rust, link 3: a misfire takes the revolver out of service.
	w.must("red-mesa", op, ReportDischarge{ID: "d1", FirearmID: "colt", Kind: "misfire", Description: "Hammer fell, no report", By: "jack"})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
	refusedFor(t, evs, err, "FA-7")
	refusedFor(t, evs, err, "WS-1")
	if _, err := w.run("red-mesa", op, ReturnToService{FirearmID: "colt"}); ErrorCode(err) != EInvalid {
		t.Fatalf("back in service without a bore check: %v", err)
	}
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true})
	w.must("red-mesa", op, InvestigateDischarge{DischargeID: "d1", Findings: "Weak hammer spring", CorrectiveAction: "Spring replaced"})
	w.must("red-mesa", op, ShowClear{FirearmID: "colt", AllChambers: true, Witnesses: []string{"jack", "marcus"}, By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "hannah", ConfirmedBy: "pin", By: "jack"})

	// A second warning sign within seven days stops all firearm work.
	w.must("red-mesa", op, ReportDischarge{ID: "d2", FirearmID: "colt", Kind: "discharge", Description: "Fired while being handed over", By: "hannah"})
	w.must("red-mesa", op, ReturnToService{FirearmID: "colt", BoreClear: true})
	w.must("red-mesa", op, InvestigateDischarge{DischargeID: "d2", Findings: "Finger on trigger", CorrectiveAction: "Retraining"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
	// The review needs both signatures: the compliance contact (Luis) and
	// a producer (Dana).
	if _, err := w.run("red-mesa", op, SignOffReview{Note: "Reviewed", By: "jack"}); ErrorCode(err) != EForbidden {
		t.Fatalf("the actor signed the review: %v", err)
	}
	w.must("red-mesa", op, SignOffReview{Note: "Both incidents reviewed; retraining done", By: "luis"})
	evs, err = w.run("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
	refusedFor(t, evs, err, "WS-2")
	w.must("red-mesa", op, SignOffReview{Note: "Agreed", By: "dana"})
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 1, By: "hannah"})
}

func TestSetUpsAndStopWork(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	// Rust, link 10: pointed toward the camera with no plan.
	w.must("red-mesa", op, PlanSetUp{ID: "s42", Scene: "42", Name: "Scene 42: the church", Hazards: []string{"firearms"}, TowardPeople: true})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", SetUpID: "s42", By: "hannah"})
	refusedFor(t, evs, err, "FA-9")
	w.must("red-mesa", op, RecordShotPlan{SetUpID: "s42", Shields: true, MinimumDistance: true, RemoteCamera: true, PeopleCleared: true, Notes: "Lexan shield, camera on remote head"})

	// Anyone may stop the work; only the safety coordinator or a producer
	// lifts it.
	w.must("red-mesa", op, CallStopWork{ID: "sw1", Scope: "setup", SetUpID: "s42", Reason: "Rounds in the dummy box rattle oddly", By: "jack"})
	evs, err = w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", SetUpID: "s42", By: "hannah"})
	refusedFor(t, evs, err, "WS-4")
	if _, err := w.run("red-mesa", PersonActor("marcus"), LiftStopWork{ID: "sw1", Resolution: "Checked"}); ErrorCode(err) != EForbidden {
		t.Fatalf("the 1st AD lifted a stop-work: %v", err)
	}
	w.must("red-mesa", op, LiftStopWork{ID: "sw1", Resolution: "Every round checked; box replaced", By: "dana"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", SetUpID: "s42", By: "hannah"})

	// A stunt set-up cannot start without a stunt coordinator or a
	// briefing on stunts.
	w.must("red-mesa", op, PlanSetUp{ID: "s43", Scene: "43", Name: "Scene 43: the fall", Hazards: []string{"stunts"}})
	evs, err = w.run("red-mesa", op, StartSetUp{SetUpID: "s43", By: "marcus"})
	refusedFor(t, evs, err, "HZ-1")
	if n := strings.Count(ErrorMessage(err), "(HZ-1)"); n != 2 {
		t.Fatalf("want two missing preparations, got %d: %s", n, ErrorMessage(err))
	}
}

func TestEndOfDayCount(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, LoadFirearm{FirearmID: "colt", LotID: "dummies", Rounds: 6, By: "hannah"})
	if _, err := w.run("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 7, By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("unload with more fired than loaded: %v", err)
	}
	w.must("red-mesa", op, UnloadFirearm{FirearmID: "colt", Fired: 2, By: "hannah"})
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
	v, err := w.prod.Verdict(next, gate.Action{Kind: gate.Handover, Firearm: "colt", From: "hannah", To: "jack"})
	if err != nil || !slices.Contains(v.Rules(), "FA-12") {
		t.Fatalf("next day's issue: %s %v", v, err)
	}
	for _, f := range found {
		w.must("red-mesa", op, ResolveDiscrepancy{ID: f.ID, Resolution: "Rounds found in the prop box; revolver was with the armorer"})
	}
	v, _ = w.prod.Verdict(next, gate.Action{Kind: gate.Handover, Firearm: "colt", From: "hannah", To: "jack"})
	if slices.Contains(v.Rules(), "FA-12") {
		t.Fatalf("resolved discrepancies still block: %s", v)
	}
}

func TestLiveRoundStopsEverything(t *testing.T) {
	w := readyToIssue(t)
	op := SystemActor("test")
	w.must("red-mesa", op, ReportLiveRound{ID: "live1", Description: "A round in the dummy box does not rattle", By: "jack"})
	evs, err := w.run("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
	refusedFor(t, evs, err, "AM-1")
	if _, err := w.run("red-mesa", op, ClearLiveRound{ID: "live1", VerifiedBy: "hannah", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("the armorer verified her own removal: %v", err)
	}
	w.must("red-mesa", op, ClearLiveRound{ID: "live1", VerifiedBy: "marcus", By: "hannah"})
	w.must("red-mesa", op, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
}

func TestCustodyEnds(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	if _, err := w.run("red-mesa", op, ReturnToOwner{FirearmID: "colt"}); ErrorCode(err) != EConflict {
		t.Fatalf("a firearm in hand went back to its owner: %v", err)
	}
	w.must("red-mesa", op, TakeOutOfService{FirearmID: "colt", Reason: "Cylinder binds"})
	if !w.prod.Firearm("colt").OutOfService {
		t.Fatal("not out of service")
	}
	w.must("red-mesa", op, SecureFirearm{FirearmID: "colt", Store: "truck", By: "hannah"})
	w.must("red-mesa", op, ReturnToOwner{FirearmID: "colt", Note: "Back to PDQ for repair"})
	if _, err := w.run("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"}); ErrorCode(err) != EConflict {
		t.Fatalf("a returned firearm left the store again: %v", err)
	}

	w.must("red-mesa", op, ReturnRounds{LotID: "dummies", Count: 10, Note: "surplus"})
	if _, err := w.run("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 2, Method: "disassembled", Witness: "hannah-nobody"}); ErrorCode(err) != ENotFound {
		t.Fatalf("destruction without a real witness: %v", err)
	}
	if _, err := w.run("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 41, Method: "disassembled", Witness: "marcus", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("destroying more than in stock: %v", err)
	}
	if _, err := w.run("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 2, Method: "disassembled", Witness: "hannah", By: "hannah"}); ErrorCode(err) != EInvalid {
		t.Fatalf("the armorer witnessed her own destruction: %v", err)
	}
	w.must("red-mesa", op, DestroyRounds{LotID: "dummies", Count: 2, Method: "disassembled", Witness: "marcus", By: "hannah"})
	l := w.prod.AmmoLot("dummies")
	if l.InStock != 38 || l.Returned != 10 || l.Destroyed != 2 || l.InStock+l.Loaded+l.Fired+l.Returned+l.Destroyed != l.Received {
		t.Fatalf("lot: %+v", l)
	}
}

// TestNewcomersAreBriefedFirst is Rust, link 5: replacements who joined
// the crew this morning stop firearm work until they have confirmed
// attending today's safety meeting; people there from the first day, and an
// investigator who joins, do not.
func TestNewcomersAreBriefedFirst(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.now = t0.Add(24 * time.Hour)
	w.must("red-mesa", op, AddPerson{ID: "nina", PersonDetails: PersonDetails{Name: "Nina", Department: "Camera"}, Roles: []Role{RoleCrew}})
	w.must("red-mesa", op, AddPerson{ID: "ivan", PersonDetails: PersonDetails{Name: "Ivan"}, Roles: []Role{RoleInvestigator}})
	w.must("red-mesa", op, HoldMeeting{ID: "meet2", Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, WalkThrough: true, By: "marcus"})
	for _, who := range []string{"jack", "marcus", "hannah"} {
		w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet2", PersonID: who, ConfirmedBy: "pin"})
	}

	// Not even out of the store while Nina is unbriefed.
	evs, err := w.run("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	refusedFor(t, evs, err, "PR-1")
	if msg := ErrorMessage(err); !strings.Contains(msg, "Nina joined the crew today") || strings.Contains(msg, "Ivan") {
		t.Fatalf("message: %s", msg)
	}
	w.must("red-mesa", op, ConfirmAttendance{MeetingID: "meet2", PersonID: "nina", ConfirmedBy: "pin"})
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
}

// TestStopWorkOnTheSharedDevice calls a stop-work with someone's PIN on
// the device of whoever runs the day: recorded as called by the person
// whose PIN it was, on that device.
func TestStopWorkOnTheSharedDevice(t *testing.T) {
	tests := []struct {
		name   string
		device Actor
		cmd    CallStopWork
		code   string
		by     string
	}{
		{"on one's own phone", PersonActor("jack"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke in the saloon"}, "", "jack"},
		{"By is ignored on one's own phone", PersonActor("jack"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "dana"}, "", "jack"},
		{"with jack's PIN on the 1st AD's tablet", PersonActor("marcus"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "jack", ConfirmedBy: StopWorkByPIN}, "", "jack"},
		{"with a PIN on a device nobody runs the day on", PersonActor("jack"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "dana", ConfirmedBy: StopWorkByPIN}, EForbidden, ""},
		{"with the PIN of nobody on the production", PersonActor("marcus"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "stranger", ConfirmedBy: StopWorkByPIN}, ENotFound, ""},
		{"confirmed some other way", PersonActor("marcus"), CallStopWork{ID: "sw", Scope: "production", Reason: "Smoke", By: "jack", ConfirmedBy: "wave"}, EInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			evs, err := w.run("red-mesa", tt.device, tt.cmd)
			if tt.code != "" {
				if ErrorCode(err) != tt.code || len(evs) != 0 {
					t.Fatalf("want %s and nothing recorded, got %v and %d entries", tt.code, err, len(evs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b := evs[0].Body.(*StopWorkCalled)
			if b.CalledBy != tt.by || b.ConfirmedBy != tt.cmd.ConfirmedBy || evs[0].Actor != tt.device {
				t.Fatalf("recorded %+v by %v", b, evs[0].Actor)
			}
		})
	}
}

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
			v, err := Preview(w.prod, Decision{Now: now, Actor: op, Access: a, Site: w.site}, HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
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

// TestHandOverConfirmer checks whose PIN confirms a hand-over, for each
// sender: the receiver's, when the sender gives a firearm they hold; the
// holder's, when an armorer takes it back; nobody's, when the sender takes
// no part in it, so that no one's attempts are spent.
func TestHandOverConfirmer(t *testing.T) {
	w := readyToIssue(t)
	unsecured := w.prod.Snapshot() // out of the safe, in the armorer's hands
	w.must("red-mesa", SystemActor("test"), HandOver{FirearmID: "colt", To: "jack", ConfirmedBy: "pin", By: "hannah"})
	held := w.prod
	if unsecured.Firearm("colt").Custodian != "hannah" || held.Firearm("colt").Custodian != "jack" {
		t.Fatalf("held by %q before the hand-over and %q after", unsecured.Firearm("colt").Custodian, held.Firearm("colt").Custodian)
	}
	armorer := Access{Actor: AccountActor("acc-hannah"), AccountActive: true, PersonID: "hannah", Roles: []Role{RoleArmorer}}
	jack := Access{Actor: AccountActor("acc-jack"), AccountActive: true, PersonID: "jack", Roles: []Role{RoleCast}}
	marcus := Access{Actor: AccountActor("acc-marcus"), AccountActive: true, PersonID: "marcus", Roles: []Role{RoleFirstAD}}
	tests := []struct {
		name  string
		state *State
		a     Access
		c     HandOver
		want  string
	}{
		{"the armorer issues the firearm she holds", unsecured, armorer, HandOver{FirearmID: "colt", To: "jack"}, "jack"},
		{"the armorer takes back from someone not holding it", unsecured, armorer, HandOver{FirearmID: "colt", From: "jack"}, ""},
		{"the performer issues a firearm he does not hold", unsecured, jack, HandOver{FirearmID: "colt", To: "marcus"}, ""},
		{"the holder gives it to the 1st AD", held, jack, HandOver{FirearmID: "colt", To: "marcus"}, "marcus"},
		{"the armorer takes it back from its holder", held, armorer, HandOver{FirearmID: "colt", From: "jack"}, "jack"},
		{"the armorer names someone who does not hold it", held, armorer, HandOver{FirearmID: "colt", From: "marcus"}, ""},
		{"the 1st AD hands on a firearm he does not hold", held, marcus, HandOver{FirearmID: "colt", To: "jack"}, ""},
		{"the 1st AD takes it back: not an armorer", held, marcus, HandOver{FirearmID: "colt", From: "jack"}, ""},
		{"no such firearm", held, armorer, HandOver{FirearmID: "winchester", From: "jack"}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.Confirmer(tt.a, tt.state); got != tt.want {
			t.Errorf("%s: confirmed by %q, want %q", tt.name, got, tt.want)
		}
	}
}
