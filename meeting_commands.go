package setsafe

import (
	"slices"

	"github.com/setsafe/setsafe/gate"
)

// HoldMeeting records today's safety meeting, led by the person acting:
// the hazards whose bulletins it covered, the bulletins' topics it went
// through (IDs of gate.Topics), other topics in the leader's words, and
// whether it walked through the set. A topic covered covers its hazard
// too. Attendance is confirmed person by person.
type HoldMeeting struct {
	ID          string
	Topics      []string
	Hazards     []string
	Covered     []string
	WalkThrough bool
	By          string
}

// Authorize implements Command.
func (c HoldMeeting) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c HoldMeeting) Decide(s *State, d Decision) (Outcome, error) {
	by, err := ActingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	topics := []string{}
	for _, t := range c.Topics {
		if t = CleanText(p, "topics", t, MaxShortText, false); t != "" {
			topics = append(topics, t)
		}
	}
	hazards := cleanHazards(p, "hazards", c.Hazards)
	covered := []string{}
	for _, id := range c.Covered {
		t, ok := gate.FindTopic(id)
		if !ok {
			p.Add("covered_topics", "must be topics of the hazards' bulletins, such as firearms.loaded")
			continue
		}
		if !slices.Contains(covered, t.ID) {
			covered = append(covered, t.ID)
		}
		if !slices.Contains(hazards, t.Hazard) {
			hazards = append(hazards, t.Hazard)
		}
	}
	slices.Sort(hazards)
	if len(topics) == 0 && len(covered) == 0 {
		p.Add("topics", "name at least one topic covered")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.SafetyMeeting(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Meeting %s exists already.", c.ID)
	}
	return one(&MeetingHeld{ID: c.ID, Day: s.Day(d.Now), LedBy: by, Topics: topics, Hazards: hazards, Covered: covered, WalkThrough: c.WalkThrough}), nil
}

// ConfirmAttendance records that a person attended a meeting: confirmed
// with their PIN on the device running it ("pin", checked by the caller),
// or by themselves in their own session ("session").
type ConfirmAttendance struct {
	MeetingID   string
	PersonID    string
	ConfirmedBy string
}

// Authorize implements Command: whoever runs meetings, or the person for
// themselves.
func (c ConfirmAttendance) Authorize(a Access, _ *State) error {
	if c.ConfirmedBy == "session" && a.PersonID != "" && a.PersonID == c.PersonID {
		return a.Require(PermTakePart)
	}
	return a.Require(PermRunMeetings)
}

// Decide implements Command.
func (c ConfirmAttendance) Decide(s *State, d Decision) (Outcome, error) {
	m := s.SafetyMeeting(c.MeetingID)
	if m == nil {
		return Outcome{}, Errorf(ENotFound, "There is no meeting %s.", c.MeetingID)
	}
	if _, err := ActivePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	OneOf(p, "confirmed_by", c.ConfirmedBy, []string{"pin", "session"})
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if c.ConfirmedBy == "session" && !d.Access.System && d.Access.PersonID != c.PersonID {
		return Outcome{}, Errorf(EForbidden, "People confirm their own attendance: in their own session, or with their PIN.")
	}
	if m.Day != s.Day(d.Now) {
		return Outcome{}, Errorf(EConflict, "The meeting was held on %s; attendance is confirmed on the day.", m.Day)
	}
	if lookup[*Attendance](s, tableAttendance, m.ID+"/"+c.PersonID) != nil {
		return Outcome{}, nil
	}
	return one(&MeetingAttended{MeetingID: m.ID, PersonID: c.PersonID, ConfirmedBy: c.ConfirmedBy}), nil
}
