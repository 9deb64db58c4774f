package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[MeetingHeld](2, "Safety meeting held")
	registerOlder[MeetingHeldV1]()
	register[MeetingAttended](1, "Attended the safety meeting")
}

// MeetingHeld records a safety meeting: the day it was for, who led it,
// the hazards whose bulletins it covered, the bulletins' topics it went
// through (by their IDs in gate.Topics), other topics in the leader's
// words, and whether it included a walk-through. Body version 2; version 1
// is MeetingHeldV1.
type MeetingHeld struct {
	ID          string   `json:"id"`
	Day         string   `json:"day"`
	LedBy       string   `json:"led_by"`
	Topics      []string `json:"topics"`
	Hazards     []string `json:"hazards"`
	WalkThrough bool     `json:"walk_through"`
	// Covered are the IDs of the bulletin topics covered, such as
	// "firearms.loaded".
	Covered []string `json:"covered_topics"`
}

// EventType implements Body.
func (*MeetingHeld) EventType() string { return "meeting.held" }

func (b *MeetingHeld) apply(s *State, e Event) error {
	return holdMeeting(s, e, &SafetyMeeting{ID: b.ID, Day: b.Day, LedBy: b.LedBy, Topics: strings.Join(b.Topics, "\n"), Hazards: strings.Join(b.Hazards, " "),
		Covered: strings.Join(b.Covered, " "), WalkThrough: b.WalkThrough})
}

func holdMeeting(s *State, e Event, m *SafetyMeeting) error {
	if s.SafetyMeeting(m.ID) != nil {
		return fmt.Errorf("meeting %s exists already", m.ID)
	}
	m.HeldAt, m.LastSeq = e.Time, e.Seq
	s.put(m)
	return nil
}

func (b *MeetingHeld) refers() References {
	return References{People: named(b.LedBy)}
}

// MeetingHeldV1 is the first version of MeetingHeld's body, recorded
// before meetings named the bulletin topics they covered: its topics are
// free text only. Its free text is kept as it was written, but proves no
// topic covered: such a meeting covers its hazards, as it always did, and
// none of their topics, so that nobody is taken to have heard a point of a
// bulletin that the record does not show (PR-1).
type MeetingHeldV1 struct {
	ID          string   `json:"id"`
	Day         string   `json:"day"`
	LedBy       string   `json:"led_by"`
	Topics      []string `json:"topics"`
	Hazards     []string `json:"hazards"`
	WalkThrough bool     `json:"walk_through"`
}

// EventType implements Body.
func (*MeetingHeldV1) EventType() string { return "meeting.held" }

func (*MeetingHeldV1) bodyVersion() int { return 1 }

func (b *MeetingHeldV1) apply(s *State, e Event) error {
	return holdMeeting(s, e, &SafetyMeeting{ID: b.ID, Day: b.Day, LedBy: b.LedBy, Topics: strings.Join(b.Topics, "\n"), Hazards: strings.Join(b.Hazards, " "),
		WalkThrough: b.WalkThrough})
}

func (b *MeetingHeldV1) refers() References {
	return References{People: named(b.LedBy)}
}

// MeetingAttended records that a person confirmed attending a meeting,
// with their PIN or their own session.
type MeetingAttended struct {
	MeetingID   string `json:"meeting_id"`
	PersonID    string `json:"person_id"`
	ConfirmedBy string `json:"confirmed_by"`
}

// EventType implements Body.
func (*MeetingAttended) EventType() string { return "meeting.attended" }

func (b *MeetingAttended) apply(s *State, e Event) error {
	if s.SafetyMeeting(b.MeetingID) == nil || s.Person(b.PersonID) == nil {
		return fmt.Errorf("meeting %s or person %s does not exist", b.MeetingID, b.PersonID)
	}
	s.put(&Attendance{MeetingID: b.MeetingID, PersonID: b.PersonID, ConfirmedBy: b.ConfirmedBy, ConfirmedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *MeetingAttended) refers() References {
	return References{People: named(b.PersonID)}
}
