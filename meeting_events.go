package setsafe

import (
	"fmt"
	"strings"
)

func init() {
	register[MeetingHeld](1, "Safety meeting held")
	register[MeetingAttended](1, "Attended the safety meeting")
}

// MeetingHeld records a safety meeting: the day it was for, who led it,
// the topics covered and whether it included a walk-through.
type MeetingHeld struct {
	ID          string   `json:"id"`
	Day         string   `json:"day"`
	LedBy       string   `json:"led_by"`
	Topics      []string `json:"topics"`
	Hazards     []string `json:"hazards"`
	WalkThrough bool     `json:"walk_through"`
}

// EventType implements Body.
func (*MeetingHeld) EventType() string { return "meeting.held" }

func (b *MeetingHeld) apply(s *State, e Event) error {
	if s.SafetyMeeting(b.ID) != nil {
		return fmt.Errorf("meeting %s exists already", b.ID)
	}
	s.put(&SafetyMeeting{ID: b.ID, Day: b.Day, LedBy: b.LedBy, Topics: strings.Join(b.Topics, "\n"), Hazards: strings.Join(b.Hazards, " "), WalkThrough: b.WalkThrough, HeldAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *MeetingHeld) refers() References {
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
