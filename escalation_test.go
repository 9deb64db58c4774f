package setsafe

import (
	"testing"
	"time"
)

// TestLadderSettings checks the ladder's input.
func TestLadderSettings(t *testing.T) {
	tests := []struct {
		name  string
		cmd   SetLadder
		field string
	}{
		{"unknown rung", SetLadder{Rungs: []LadderRungSetting{{Rung: "pope"}}}, "rungs[0].rung"},
		{"rung twice", SetLadder{Rungs: []LadderRungSetting{{Rung: RungUnion}, {Rung: RungUnion}}}, "rungs[1].rung"},
		{"stranger", SetLadder{Rungs: []LadderRungSetting{{Rung: RungProducer, People: []string{"nobody"}}}}, "rungs[0].people"},
		{"bad e-mail", SetLadder{Rungs: []LadderRungSetting{{Rung: RungUnion, Email: "not an address"}}}, "rungs[0].email"},
		{"webhook without https", SetLadder{Rungs: []LadderRungSetting{{Rung: RungUnion, Webhook: "ftp://x"}}}, "rungs[0].webhook"},
		{"webhook with a password", SetLadder{Rungs: []LadderRungSetting{{Rung: RungUnion, Webhook: "https://u:p@x.example"}}}, "rungs[0].webhook"},
		{"no time to acknowledge", SetLadder{Clocks: []ClockSetting{{Severity: SeverityHigh, AcknowledgeMinutes: 0, ResolveMinutes: 10}}}, "clocks[0].acknowledge_minutes"},
		{"resolve before acknowledge", SetLadder{Clocks: []ClockSetting{{Severity: SeverityHigh, AcknowledgeMinutes: 60, ResolveMinutes: 30}}}, "clocks[0].resolve_minutes"},
		{"unknown severity", SetLadder{Clocks: []ClockSetting{{Severity: "meh", AcknowledgeMinutes: 1, ResolveMinutes: 1}}}, "clocks[0].severity"},
	}
	for _, tt := range tests {
		w := newWorld(t)
		_, err := w.run("red-mesa", PersonActor("dana"), tt.cmd)
		if e, ok := err.(*Error); !ok || e.Code != EInvalid || e.Fields[tt.field] == "" {
			t.Errorf("%s: want a problem with %s, got %v", tt.name, tt.field, err)
		}
	}
	w := newWorld(t)
	if _, err := w.run("red-mesa", PersonActor("jack"), SetLadder{}); ErrorCode(err) != EForbidden {
		t.Errorf("the cast set the ladder: %v", err)
	}
	w.must("red-mesa", PersonActor("dana"), SetLadder{Rungs: []LadderRungSetting{{Rung: RungProducer, People: []string{"dana"}}},
		Clocks: []ClockSetting{{Severity: SeverityCritical, AcknowledgeMinutes: 15, ResolveMinutes: 120}}})
	if got := w.prod.Ladder()[2].PersonIDs(); len(got) != 1 || got[0] != "dana" {
		t.Errorf("producer rung: %v", got)
	}
	if got := w.prod.Clock(SeverityCritical).Acknowledge(); got != 15*time.Minute {
		t.Errorf("critical clock: %v", got)
	}
	if got := w.prod.Clock(SeverityNormal).Acknowledge(); got != 24*time.Hour {
		t.Errorf("normal clock keeps its default: %v", got)
	}
}

// TestLadderForgetsWhoLeft checks that a rung whose only person left the
// production is passed over: nobody there would be told.
func TestLadderForgetsWhoLeft(t *testing.T) {
	w := newWorld(t)
	op := SystemActor("test")
	w.must("red-mesa", op, AddPerson{ID: "ines", PersonDetails: PersonDetails{Name: "Ines"}, Roles: []Role{RoleCrew}})
	w.must("red-mesa", op, SetLadder{Rungs: []LadderRungSetting{{Rung: RungUPM, People: []string{"ines"}}}})
	w.must("red-mesa", PersonActor("jack"), RaiseConcern{ID: "c1", Category: CategoryOther, Severity: SeverityCritical, Description: "x", Mode: ReportNamed})
	w.must("red-mesa", op, RemovePerson{ID: "ines", Reason: "wrapped"})
	if got := w.prod.Ladder()[1].PersonIDs(); len(got) != 0 {
		t.Fatalf("the UPM rung still holds %v", got)
	}
	if next, ok := w.prod.NextRung(w.prod.Concern("c1")); !ok || next != 2 {
		t.Fatalf("next rung %d %v, want the producer's (2)", next, ok)
	}
}
