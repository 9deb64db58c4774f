package setsafe

import (
	"strings"
	"testing"
	"time"
)

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
