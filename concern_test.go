package setsafe

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// TestRaisingConcerns checks who may raise a concern how, and what is
// recorded of the reporter.
func TestRaisingConcerns(t *testing.T) {
	jack := PersonActor("jack")
	tests := []struct {
		name     string
		actor    Actor
		cmd      RaiseConcern
		wantCode string
		field    string
		reporter string
	}{
		{"named", jack, RaiseConcern{ID: "c1", Category: CategoryFirearms, Severity: SeverityHigh, Description: "Rounds left on the props cart", Mode: ReportNamed},
			"", "", "jack"},
		{"confidential", jack, RaiseConcern{ID: "c1", Category: CategoryFatigue, Severity: SeverityNormal, Description: "Fourteen-hour days", Mode: ReportConfidential,
			ReporterSeal: ReporterSeal(testSealKey, "red-mesa", "c1", "jack")}, "", "", ""},
		{"anonymous", Anonymous, RaiseConcern{ID: "c1", Category: CategoryFirearms, Severity: SeverityCritical, Description: "Live rounds in the dummy box", Mode: ReportAnonymous, ReceiptHash: "h"},
			"", "", ""},
		{"anonymous while signed in", jack, RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityNormal, Description: "x", Mode: ReportAnonymous, ReceiptHash: "h"},
			EInvalid, "mode", ""},
		{"named without signing in", Anonymous, RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityNormal, Description: "x", Mode: ReportNamed},
			EInvalid, "mode", ""},
		{"anonymous without a receipt", Anonymous, RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityNormal, Description: "x", Mode: ReportAnonymous},
			EInvalid, "receipt", ""},
		{"unknown category", jack, RaiseConcern{ID: "c1", Category: "ghosts", Severity: SeverityNormal, Description: "x", Mode: ReportNamed},
			EInvalid, "category", ""},
		{"no description", jack, RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityNormal, Description: " ", Mode: ReportNamed},
			EInvalid, "description", ""},
		{"unknown set-up", jack, RaiseConcern{ID: "c1", Category: CategoryStunts, Severity: SeverityHigh, SetUpID: "nope", Description: "x", Mode: ReportNamed},
			EInvalid, "setup_id", ""},
		{"someone outside the production", PersonActor("stranger"), RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityNormal, Description: "x", Mode: ReportNamed},
			EForbidden, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			evs, err := w.run("red-mesa", tt.actor, tt.cmd)
			if tt.wantCode != "" {
				if ErrorCode(err) != tt.wantCode {
					t.Fatalf("want %s, got %v", tt.wantCode, err)
				}
				if e, _ := err.(*Error); tt.field != "" && e.Fields[tt.field] == "" {
					t.Fatalf("want a problem with %s: %+v", tt.field, e.Fields)
				}
				if len(evs) != 0 || w.prod.Concern("c1") != nil {
					t.Fatal("a refused concern was recorded")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := w.prod.Concern("c1")
			if c == nil || c.Reporter != tt.reporter || c.State != ConcernOpen || c.Mode != tt.cmd.Mode {
				t.Fatalf("concern: %+v", c)
			}
			if want := t0.Add(w.prod.Clock(tt.cmd.Severity).Acknowledge()); !c.Deadline.Equal(want) {
				t.Errorf("deadline %v, want %v", c.Deadline, want)
			}
			if tt.cmd.Mode != ReportNamed && (evs[0].Actor != Anonymous || strings.Contains(string(mustEncode(t, evs[0].Body)), "jack")) {
				t.Errorf("the %s concern's entry names someone: %+v", tt.cmd.Mode, evs[0])
			}
			if tt.cmd.Mode == ReportConfidential && !SealedBy(c.ReporterSeal, testSealKey, "red-mesa", "c1", "jack") {
				t.Errorf("the confidential concern's seal %q is not jack's", c.ReporterSeal)
			}
		})
	}
}

// testSealKey is the server key of reporter seals in the tests.
var testSealKey = []byte("a key only the server knows")

// TestConfidentialReporterStaysOutOfTheLedger follows a confidential
// concern: its reporter replies by their seal, nobody else can, and no
// entry names them.
func TestConfidentialReporterStaysOutOfTheLedger(t *testing.T) {
	w := newWorld(t)
	jack := PersonActor("jack")
	seal := func(person string) string { return ReporterSeal(testSealKey, "red-mesa", "c1", person) }
	evs := w.must("red-mesa", jack, RaiseConcern{ID: "c1", Category: CategoryFatigue, Severity: SeverityHigh, Mode: ReportConfidential,
		Description: "The drivers have had four hours' sleep", ReporterSeal: seal("jack")})
	evs = append(evs, w.must("red-mesa", PersonActor("dana"), AnswerConcern{ID: "c1", Text: "Who drives tonight?"})...)
	evs = append(evs, w.must("red-mesa", jack, ReplyToConcern{ID: "c1", Text: "Marco and Sam", ReporterSeal: seal("jack")})...)
	if _, err := w.run("red-mesa", PersonActor("marcus"), ReplyToConcern{ID: "c1", Text: "It was me", ReporterSeal: seal("marcus")}); ErrorCode(err) != EForbidden {
		t.Fatalf("someone else replied to the confidential concern: %v", err)
	}
	if _, err := w.run("red-mesa", PersonActor("marcus"), ReplyToConcern{ID: "c1", Text: "It was me", ReporterSeal: seal("jack")[:10]}); ErrorCode(err) != EForbidden {
		t.Fatalf("a wrong seal replied: %v", err)
	}
	for _, e := range evs {
		if e.Actor.ID == "jack" || strings.Contains(string(mustEncode(t, e.Body)), "jack") {
			t.Errorf("entry %d (%s) names the confidential reporter: %+v", e.Seq, e.Type(), e)
		}
	}
	if evs[0].Actor != Anonymous || evs[2].Actor != Anonymous {
		t.Errorf("the reporter's entries are recorded as %v and %v, want the anonymous actor", evs[0].Actor, evs[2].Actor)
	}
	if evs[1].Actor.ID != "dana" {
		t.Errorf("the answer is recorded as %v, want dana", evs[1].Actor)
	}
	msgs := w.prod.ConcernMessages("c1")
	if n := len(msgs); n != 2 || msgs[1].Kind != "reply" || msgs[1].Author != "" {
		t.Fatalf("conversation: %+v", msgs)
	}
}

func mustEncode(t *testing.T, b Body) []byte {
	t.Helper()
	data, err := EncodeBody(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCriticalConcernStopsItsHazardsWork is the gate's side of WS-3: an
// open critical concern makes work with its hazard NO-GO until it is
// resolved or decided to proceed; a heights concern stops a heights set-up
// and not firearm work; other work stops only when the production asks.
func TestCriticalConcernStopsItsHazardsWork(t *testing.T) {
	w := armoryWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", Anonymous, RaiseConcern{ID: "c1", Category: CategoryFirearms, Severity: SeverityCritical,
		Description: "Someone was plinking with the prop guns at lunch", Mode: ReportAnonymous, ReceiptHash: "h"})
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c2", Category: CategoryHeights, Severity: SeverityCritical,
		Description: "No rail on the bell tower", Mode: ReportNamed})

	evs, err := w.run("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})
	refusedFor(t, evs, err, "WS-3")
	if msg := ErrorMessage(err); !strings.Contains(msg, "plinking") || strings.Contains(msg, "bell tower") {
		t.Fatalf("message: %s", msg)
	}

	w.must("red-mesa", PersonActor("dana"), MoveConcern{ID: "c1", State: ConcernResolved, Why: "Guns locked at lunch; armorer keeps the keys"})
	w.must("red-mesa", op, UnsecureFirearm{FirearmID: "colt", By: "hannah"})

	// The heights concern stops the bell tower, and not the vestry.
	w.must("red-mesa", PersonActor("marcus"), PlanSetUp{ID: "tower", Scene: "17", Name: "Scene 17: the bell tower", Hazards: []string{"heights"}})
	w.must("red-mesa", PersonActor("marcus"), PlanSetUp{ID: "vestry", Scene: "18", Name: "Scene 18: the vestry"})
	ws3 := func(id string) error {
		v, err := w.prod.Verdict(w.now, gate.Action{Kind: gate.StartSetUp, From: "marcus", SetUp: w.prod.GateSetUp(id)})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range v.Reasons {
			if r.Rule == gate.WS3 {
				return errors.New(r.Message)
			}
		}
		return nil
	}
	if err := ws3("tower"); err == nil || !strings.Contains(err.Error(), "No rail on the bell tower") {
		t.Fatalf("a critical heights concern did not stop the heights set-up: %v", err)
	}
	if err := ws3("vestry"); err != nil {
		t.Fatalf("a heights concern stopped a set-up without heights: %v", err)
	}
	// When the production asks, every critical concern stops all work.
	w.must("red-mesa", PersonActor("dana"), SetSafetyProfile{Profile: "us", ConcernsStopAll: true})
	if err := ws3("vestry"); err == nil || !strings.Contains(err.Error(), "No rail on the bell tower") {
		t.Fatalf("with concerns_stop_all: %v", err)
	}
	// A decision to proceed lets the work go on.
	w.must("red-mesa", PersonActor("dana"), DecideConcern{ID: "c2", Decision: DecisionProceed, Reason: "Harnesses and a rail before anyone climbs"})
	for _, id := range []string{"tower", "vestry"} {
		if err := ws3(id); err != nil {
			t.Fatalf("%s still stopped after the decision to proceed: %v", id, err)
		}
	}
}

// TestConcernsClimbTheLadder moves the clock past each deadline: the
// concern climbs to the next rung with someone on it, and keeps climbing
// until it is answered; nobody below its rung can close it.
func TestConcernsClimbTheLadder(t *testing.T) {
	w := newWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "ines", PersonDetails: PersonDetails{Name: "Ines"}, Roles: []Role{RoleDepartmentHead}})
	w.must("red-mesa", op, SetLadder{
		Rungs: []LadderRungSetting{{Rung: RungStudioSafety, Contact: "Studio safety desk", Email: "safety@studio.example"},
			{Rung: RungUnion, Contact: "IATSE Local 480", Webhook: "https://union.example/hooks/setsafe"}},
		Clocks: []ClockSetting{{Severity: SeverityHigh, AcknowledgeMinutes: 60, ResolveMinutes: 240}}})
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c1", Category: CategoryFirearms, Severity: SeverityHigh,
		Description: "Two misfires today and nobody looked at the gun", Mode: ReportNamed})

	escalate := func(at time.Duration) []Event {
		w.now = t0.Add(at)
		return w.must("red-mesa", op, EscalateConcern{ID: "c1"})
	}
	if evs := escalate(59 * time.Minute); len(evs) != 0 {
		t.Fatalf("escalated before its deadline: %+v", evs)
	}
	// Rungs: department head (Ines), UPM (Luis), producer (Dana), studio
	// safety, union. Each climb waits an hour while nobody acknowledges.
	for i, want := range []int64{1, 2, 3, 4} {
		evs := escalate(time.Duration(i+1) * time.Hour)
		if len(evs) != 1 || w.prod.Concern("c1").Rung != want {
			t.Fatalf("climb %d: rung %d, events %+v", i+1, w.prod.Concern("c1").Rung, evs)
		}
		if again := escalate(time.Duration(i+1) * time.Hour); len(again) != 0 {
			t.Fatalf("escalated twice at the same moment: %+v", again)
		}
	}
	if evs := escalate(10 * time.Hour); len(evs) != 0 {
		t.Fatal("climbed above the top rung")
	}
	if !w.prod.Concern("c1").Overdue(w.now) {
		t.Error("an unanswered concern at the top is not shown overdue")
	}

	// The department head cannot make it go away now; the producer is
	// below the union's rung too. Acknowledging is open to any handler.
	w.now = t0.Add(11 * time.Hour)
	if _, err := w.run("red-mesa", PersonActor("ines"), MoveConcern{ID: "c1", State: ConcernRejected, Why: "Not a problem"}); ErrorCode(err) != EForbidden {
		t.Fatalf("a department head closed a concern above her rung: %v", err)
	}
	w.must("red-mesa", PersonActor("ines"), MoveConcern{ID: "c1", State: ConcernAcknowledged})
	if _, err := w.run("red-mesa", PersonActor("jack"), MoveConcern{ID: "c1", State: ConcernResolved, Why: "x"}); ErrorCode(err) != EForbidden {
		t.Fatalf("the cast closed a concern: %v", err)
	}
	w.must("red-mesa", op, MoveConcern{ID: "c1", State: ConcernResolved, Why: "Armorer replaced; bore inspected", By: "dana"})
	c := w.prod.Concern("c1")
	if !c.Closed() || c.Overdue(w.now.Add(48*time.Hour)) {
		t.Fatalf("after resolving: %+v", c)
	}
	var kinds []string
	for _, m := range w.prod.ConcernMessages("c1") {
		kinds = append(kinds, m.Kind)
	}
	if got := strings.Join(kinds, " "); got != "escalated escalated escalated escalated acknowledged resolved" {
		t.Errorf("the conversation: %s", got)
	}
}

// TestConcernConversation checks who may answer and reply, and the states
// a concern may move through.
func TestConcernConversation(t *testing.T) {
	w := newWorld(t)
	w.must("red-mesa", Anonymous, RaiseConcern{ID: "anon", Category: CategoryFirearms, Severity: SeverityNormal, Description: "x", Mode: ReportAnonymous, ReceiptHash: "h"})
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "mine", Category: CategoryWater, Severity: SeverityNormal, Description: "y", Mode: ReportNamed})

	w.must("red-mesa", PersonActor("luis"), AnswerConcern{ID: "anon", Text: "We are looking into it."})
	w.must("red-mesa", Anonymous, ReplyToConcern{ID: "anon", Text: "Thank you."})
	w.must("red-mesa", PersonActor("jack"), ReplyToConcern{ID: "mine", Text: "It is deeper than we were told."})

	refused := []struct {
		name  string
		actor Actor
		cmd   Command
		code  string
	}{
		{"the cast answers", PersonActor("jack"), AnswerConcern{ID: "mine", Text: "x"}, EForbidden},
		{"anonymous replies to a named concern", Anonymous, ReplyToConcern{ID: "mine", Text: "x"}, EForbidden},
		{"someone else replies", PersonActor("marcus"), ReplyToConcern{ID: "mine", Text: "x"}, EForbidden},
		{"an empty answer", PersonActor("luis"), AnswerConcern{ID: "mine", Text: ""}, EInvalid},
		{"resolved without why", PersonActor("luis"), MoveConcern{ID: "mine", State: ConcernResolved}, EInvalid},
		{"an unknown state", PersonActor("luis"), MoveConcern{ID: "mine", State: "forgotten", Why: "x"}, EInvalid},
		{"no such concern", PersonActor("luis"), AnswerConcern{ID: "nope", Text: "x"}, ENotFound},
		{"an investigator moves it", PersonActor("grace"), MoveConcern{ID: "mine", State: ConcernAcknowledged}, EForbidden},
	}
	for _, tt := range refused {
		if _, err := w.run("red-mesa", tt.actor, tt.cmd); ErrorCode(err) != tt.code {
			t.Errorf("%s: want %s, got %v", tt.name, tt.code, err)
		}
	}

	w.must("red-mesa", PersonActor("luis"), MoveConcern{ID: "mine", State: ConcernActionPlanned, Why: "Safety diver booked for Thursday"})
	if _, err := w.run("red-mesa", PersonActor("luis"), MoveConcern{ID: "mine", State: ConcernAcknowledged}); ErrorCode(err) != EConflict {
		t.Errorf("moved back to acknowledged: %v", err)
	}
	w.must("red-mesa", PersonActor("luis"), MoveConcern{ID: "mine", State: ConcernResolved, Why: "Diver on set"})
	if _, err := w.run("red-mesa", PersonActor("luis"), MoveConcern{ID: "mine", State: ConcernRejected, Why: "x"}); ErrorCode(err) != EConflict {
		t.Errorf("a resolved concern was rejected: %v", err)
	}
	if n := len(w.prod.ConcernMessages("anon")); n != 2 {
		t.Errorf("the anonymous concern has %d lines, want 2", n)
	}
}

// TestConcernPhotos checks that photos raised with a concern are attached
// to it in the same request, and that too many or the wrong kind are
// refused.
func TestConcernPhotos(t *testing.T) {
	jpg := NewFile("image/jpeg", []byte("\xff\xd8 a photo"))
	other := NewFile("image/png", []byte("\x89PNG another"))
	tests := []struct {
		name     string
		photos   []File
		wantCode string
		attached int
	}{
		{"two photos", []File{jpg, other}, "", 2},
		{"the same photo twice", []File{jpg, jpg}, "", 1},
		{"a PDF", []File{NewFile("application/pdf", []byte("%PDF"))}, EInvalid, 0},
		{"empty", []File{NewFile("image/jpeg", nil)}, EInvalid, 0},
		{"too many", slices.Repeat([]File{jpg}, MaxConcernPhotos+1), EInvalid, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			evs, err := w.run("red-mesa", Anonymous, RaiseConcern{ID: "c1", Category: CategoryEquipment, Severity: SeverityNormal,
				Description: "Frayed cable", Mode: ReportAnonymous, ReceiptHash: "h", Photos: tt.photos})
			if ErrorCode(err) != tt.wantCode && !(tt.wantCode == "" && err == nil) {
				t.Fatalf("want %q, got %v", tt.wantCode, err)
			}
			var n int
			for _, a := range w.prod.Attachments() {
				if a.Subject == SubjectConcern && a.SubjectID == "c1" {
					n++
				}
			}
			if n != tt.attached || tt.wantCode == "" && len(evs) != 1+tt.attached {
				t.Errorf("%d photos attached in %d entries, want %d", n, len(evs), tt.attached)
			}
		})
	}
	// A photo whose hash does not match its bytes is a bug, not a
	// reporter's mistake.
	w := newWorld(t)
	bad := jpg
	bad.Data = []byte("changed")
	if _, err := w.run("red-mesa", Anonymous, RaiseConcern{ID: "c1", Category: CategoryEquipment, Severity: SeverityNormal,
		Description: "x", Mode: ReportAnonymous, ReceiptHash: "h", Photos: []File{bad}}); err == nil || ErrorCode(err) == EInvalid {
		t.Errorf("a photo with the wrong hash: %v", err)
	}
}
