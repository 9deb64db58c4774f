package setsafe

import (
	"slices"
	"strings"
	"time"
)

// The projection tables of safety meetings and who attended them.
const (
	tableMeetings   = "safety_meetings"
	tableAttendance = "meeting_attendance"
)

func init() {
	rowTypes[tableMeetings] = func() Row { return new(SafetyMeeting) }
	rowTypes[tableAttendance] = func() Row { return new(Attendance) }
}

// SafetyMeeting is a safety meeting held on a day of shooting.
type SafetyMeeting struct {
	ID      string `db:"id,key" json:"id"`
	Day     string `db:"day" json:"day"`
	LedBy   string `db:"led_by" json:"led_by"`
	Topics  string `db:"topics" json:"topics"`
	Hazards string `db:"hazards" json:"hazards"`
	// Covered are the IDs of the bulletin topics the meeting covered,
	// separated by spaces (see gate.Topics).
	Covered     string    `db:"covered_topics" json:"covered_topics"`
	WalkThrough bool      `db:"walk_through" json:"walk_through"`
	HeldAt      time.Time `db:"held_us" json:"held_at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// CoveredTopics returns the IDs of the bulletin topics the meeting
// covered.
func (m *SafetyMeeting) CoveredTopics() []string { return strings.Fields(m.Covered) }

// Table implements Row.
func (*SafetyMeeting) Table() string { return tableMeetings }

// Key implements Row.
func (m *SafetyMeeting) Key() string { return m.ID }

// Attendance is one person's confirmed attendance at a safety meeting.
type Attendance struct {
	MeetingID   string    `db:"meeting_id,key" json:"meeting_id"`
	PersonID    string    `db:"person_id,key" json:"person_id"`
	ConfirmedBy string    `db:"confirmed_by" json:"confirmed_by"`
	ConfirmedAt time.Time `db:"confirmed_us" json:"confirmed_at"`
	LastSeq     int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Attendance) Table() string { return tableAttendance }

// Key implements Row.
func (a *Attendance) Key() string { return a.MeetingID + "/" + a.PersonID }

// SafetyMeeting returns the meeting with the given ID, or nil.
func (s *State) SafetyMeeting(id string) *SafetyMeeting {
	return lookup[*SafetyMeeting](s, tableMeetings, id)
}

// MeetingsOn returns the meetings held on a day (YYYY-MM-DD), ordered by
// ID.
func (s *State) MeetingsOn(day string) []*SafetyMeeting {
	out := grouped[*SafetyMeeting](s, meetingsByDay, day)
	slices.SortFunc(out, byKey)
	return out
}

// AttendanceOf returns the confirmed attendances of a meeting, ordered by
// person.
func (s *State) AttendanceOf(meetingID string) []*Attendance {
	out := grouped[*Attendance](s, attendanceByMeeting, meetingID)
	slices.SortFunc(out, byKey)
	return out
}

// SafetyMeetings returns every meeting, ordered by ID.
func (s *State) SafetyMeetings() []*SafetyMeeting { return all[*SafetyMeeting](s, tableMeetings) }

// Attendances returns every confirmed attendance, ordered by meeting.
func (s *State) Attendances() []*Attendance { return all[*Attendance](s, tableAttendance) }
