package setsafe

import (
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// SetSafetyProfile chooses the production's jurisdiction profile, the rules
// it switches off and its parameters (0 keeps the profile's). Mandatory
// rules can be tightened, never loosened.
type SetSafetyProfile struct {
	Profile            string
	RulesOff           []string
	ShowClearMinutes   int64
	FirearmsPerArmorer int64
	MisfireThreshold   int64
	MisfireWindowDays  int64
	TrainingDays       int64
	OutLimitMinutes    int64
	// ConcernsStopAll makes any open critical concern stop the set-up or
	// hazard it names, not only concerns about firearms (WS-3).
	ConcernsStopAll bool
}

// Authorize implements Command.
func (c SetSafetyProfile) Authorize(a Access, _ *State) error { return a.Require(PermManageSafety) }

// Decide implements Command.
func (c SetSafetyProfile) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := requireProduction(s); err != nil {
		return Outcome{}, err
	}
	profile, ok := gate.FindProfile(c.Profile)
	if !ok {
		var ids []string
		for _, p := range gate.Profiles {
			ids = append(ids, p.ID)
		}
		return Outcome{}, &Error{Code: EInvalid, Message: "Unknown profile.", Fields: map[string]string{"profile": "must be one of " + strings.Join(ids, ", ")}}
	}
	b := &SafetyProfileSet{Profile: profile.ID, RulesOff: []string{}, ShowClearMinutes: c.ShowClearMinutes, FirearmsPerArmorer: c.FirearmsPerArmorer,
		MisfireThreshold: c.MisfireThreshold, MisfireWindowDays: c.MisfireWindowDays, TrainingDays: c.TrainingDays, OutLimitMinutes: c.OutLimitMinutes,
		ConcernsStopAll: c.ConcernsStopAll}
	for _, id := range c.RulesOff {
		if !slices.Contains(b.RulesOff, id) {
			b.RulesOff = append(b.RulesOff, id)
		}
	}
	slices.Sort(b.RulesOff)
	row := &SafetySettings{RulesOff: strings.Join(b.RulesOff, " "), ShowClearMinutes: b.ShowClearMinutes, PerArmorer: b.FirearmsPerArmorer,
		MisfireThreshold: b.MisfireThreshold, MisfireWindowDays: b.MisfireWindowDays, TrainingDays: b.TrainingDays,
		OutLimitMinutes: b.OutLimitMinutes, ConcernsStopAll: b.ConcernsStopAll}
	_, problems := profile.With(row.gate())
	if problems != nil {
		p := Problems{}
		for _, pr := range problems {
			p.Add(settingField(pr.Field), "%s", pr.Message)
		}
		return Outcome{}, p.Err()
	}
	return one(b), nil
}

// settingField names a settings field as the request spells it.
func settingField(f string) string {
	switch f {
	case "off":
		return "rules_off"
	case "params.show_clear_window":
		return "show_clear_minutes"
	case "params.misfire_window":
		return "misfire_window_days"
	case "params.training_validity":
		return "training_validity_days"
	case "params.out_limit":
		return "out_limit_minutes"
	}
	return strings.TrimPrefix(f, "params.")
}

// NameComplianceContact names the production's safety compliance contact
// (PR-5).
type NameComplianceContact struct{ PersonID string }

// Authorize implements Command.
func (c NameComplianceContact) Authorize(a Access, _ *State) error {
	return a.Require(PermManageSafety)
}

// Decide implements Command.
func (c NameComplianceContact) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := activePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	if st := s.SafetySettings(); st != nil && st.ComplianceContact == c.PersonID {
		return Outcome{}, nil
	}
	return one(&ComplianceContactNamed{PersonID: c.PersonID}), nil
}

func cleanDay(p Problems, field, day string, required bool) string {
	day = strings.TrimSpace(day)
	if day == "" {
		if required {
			p.Add(field, "is required (YYYY-MM-DD)")
		}
		return ""
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		p.Add(field, "must be a date written YYYY-MM-DD")
	}
	return day
}

// RecordTraining records a course a person completed (PR-2).
type RecordTraining struct {
	ID        string
	PersonID  string
	Course    string
	Provider  string
	Firearms  bool
	Hours     int64
	Completed string
	Expires   string
}

// Authorize implements Command.
func (c RecordTraining) Authorize(a Access, _ *State) error { return a.Require(PermManageSafety) }

// Decide implements Command.
func (c RecordTraining) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := activePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	b := &TrainingRecorded{ID: c.ID, PersonID: c.PersonID, Firearms: c.Firearms, Hours: c.Hours,
		Course:    cleanText(p, "course", c.Course, MaxShortText, true),
		Provider:  cleanText(p, "provider", c.Provider, MaxShortText, true),
		Completed: cleanDay(p, "completed", c.Completed, true),
		Expires:   cleanDay(p, "expires", c.Expires, false),
	}
	if c.Hours < 0 || c.Hours > 1000 {
		p.Add("hours", "must be between 0 and 1000")
	}
	if b.Expires != "" && b.Completed != "" && b.Expires < b.Completed {
		p.Add("expires", "must not be before the course was completed")
	}
	// A course not yet done trains nobody (PR-2): record it once it is.
	if today := s.Day(d.Now); b.Completed > today {
		p.Add("completed", "must not be after today (%s on set); record a course once it is done", today)
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*Training](s, tableTrainings, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Training record %s exists already.", c.ID)
	}
	return one(b), nil
}

// RecordPermit records an armorer's permit or licence (PR-3).
type RecordPermit struct {
	ID       string
	PersonID string
	Kind     string
	Number   string
	Issuer   string
	Expires  string
}

// Authorize implements Command.
func (c RecordPermit) Authorize(a Access, _ *State) error { return a.Require(PermManageSafety) }

// Decide implements Command.
func (c RecordPermit) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := activePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	b := &PermitRecorded{ID: c.ID, PersonID: c.PersonID,
		Kind:    cleanText(p, "kind", c.Kind, MaxShortText, true),
		Number:  cleanText(p, "number", c.Number, MaxShortText, true),
		Issuer:  cleanText(p, "issuer", c.Issuer, MaxShortText, true),
		Expires: cleanDay(p, "expires", c.Expires, true),
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*Permit](s, tablePermits, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Permit record %s exists already.", c.ID)
	}
	return one(b), nil
}

// HoldMeeting records today's safety meeting, led by the person acting:
// its topics, the hazards whose bulletins it covered, and whether it
// walked through the set. Attendance is confirmed person by person.
type HoldMeeting struct {
	ID          string
	Topics      []string
	Hazards     []string
	WalkThrough bool
	By          string
}

// Authorize implements Command.
func (c HoldMeeting) Authorize(a Access, _ *State) error { return a.Require(PermRunMeetings) }

// Decide implements Command.
func (c HoldMeeting) Decide(s *State, d Decision) (Outcome, error) {
	by, err := actingPerson(s, d, c.By)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	checkID(p, "id", c.ID)
	var topics []string
	for _, t := range c.Topics {
		if t = cleanText(p, "topics", t, MaxShortText, false); t != "" {
			topics = append(topics, t)
		}
	}
	hazards := cleanHazards(p, "hazards", c.Hazards)
	if len(topics) == 0 {
		p.Add("topics", "name at least one topic covered")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.SafetyMeeting(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Meeting %s exists already.", c.ID)
	}
	return one(&MeetingHeld{ID: c.ID, Day: s.Day(d.Now), LedBy: by, Topics: topics, Hazards: hazards, WalkThrough: c.WalkThrough}), nil
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
	if _, err := activePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	oneOf(p, "confirmed_by", c.ConfirmedBy, []string{"pin", "session"})
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
