package setsafe

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe/gate"
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
	w.must("red-mesa", op, HoldMeeting{ID: "meet2", Covered: firearmTopics, Topics: []string{"Firearms"}, Hazards: []string{"firearms"}, WalkThrough: true, By: "marcus"})
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

// firearmTopics are the IDs of every firearm topic the default profiles
// require a meeting to cover.
var firearmTopics = gate.TopicIDs(gate.HazardFirearms, nil)

// TestHoldMeetingRecordsTopicsCovered: a meeting records the bulletin
// topics it covered by ID, each covering its hazard; unknown topics are
// refused, and a meeting must name something it covered.
func TestHoldMeetingRecordsTopicsCovered(t *testing.T) {
	tests := []struct {
		name        string
		cmd         HoldMeeting
		wantField   string
		wantHazards string
		wantCovered string
	}{
		{"firearm topics cover firearms", HoldMeeting{Covered: []string{"firearms.trigger", "firearms.loaded", "firearms.loaded"}},
			"", "firearms", "firearms.trigger firearms.loaded"},
		{"topics beside a hazard ticked", HoldMeeting{Hazards: []string{"stunts"}, Covered: []string{"firearms.loaded"}, Topics: []string{"Exits"}},
			"", "firearms stunts", "firearms.loaded"},
		{"a profile's topic is known", HoldMeeting{Covered: []string{"firearms.beyond_target"}}, "", "firearms", "firearms.beyond_target"},
		{"free text only, as before", HoldMeeting{Topics: []string{"Fire exits"}}, "", "", ""},
		{"an unknown topic", HoldMeeting{Covered: []string{"firearms.guess"}}, "covered_topics", "", ""},
		{"nothing covered", HoldMeeting{}, "topics", "", ""},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			tc.cmd.ID, tc.cmd.By = fmt.Sprintf("m%d", i), "marcus"
			_, err := w.run("red-mesa", SystemActor("test"), tc.cmd)
			if tc.wantField != "" {
				if e, ok := err.(*Error); !ok || e.Fields[tc.wantField] == "" {
					t.Fatalf("want a problem with %s, got %v", tc.wantField, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := w.prod.SafetyMeeting(tc.cmd.ID)
			if m.Hazards != tc.wantHazards || m.Covered != tc.wantCovered {
				t.Fatalf("hazards %q, covered %q; want %q, %q", m.Hazards, m.Covered, tc.wantHazards, tc.wantCovered)
			}
		})
	}
}

// TestMeetingHeldBeforeTopicsFoldsAsBefore: a meeting recorded in body
// version 1 (free text only) still decodes, encodes again to the very
// bytes recorded, and folds as it did: its hazards covered, no topic.
func TestMeetingHeldBeforeTopicsFoldsAsBefore(t *testing.T) {
	data := []byte(`{"id":"m1","day":"2021-10-21","led_by":"marcus","topics":["Firearms and blanks (SB1)"],"hazards":["firearms"],"walk_through":true}`)
	b, err := DecodeBody("meeting.held", 1, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.(*MeetingHeldV1); !ok || BodyVersionOf(b) != 1 {
		t.Fatalf("decoded as %T, version %d", b, BodyVersionOf(b))
	}
	if again, _ := EncodeBody(b); !bytes.Equal(again, data) {
		t.Fatalf("encoded again as %s", again)
	}
	if _, err := DecodeBody("meeting.held", 2, data); err == nil {
		t.Fatal("a version 1 body read as version 2")
	}
	if BodyVersionOf(&MeetingHeld{}) != 2 {
		t.Fatal("new meetings are not recorded in version 2")
	}
	w := newWorld(t)
	if err := w.prod.Apply(Event{Ledger: "red-mesa", Seq: w.prod.Size + 1, Time: t0, Actor: SystemActor("test"), Body: b}); err != nil {
		t.Fatal(err)
	}
	m := w.prod.SafetyMeeting("m1")
	if m.Hazards != "firearms" || m.Topics != "Firearms and blanks (SB1)" || len(m.CoveredTopics()) != 0 || !m.WalkThrough {
		t.Fatalf("folded as %+v", m)
	}
}
