package setsafe

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
	if _, err := ActivePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &TrainingRecorded{ID: c.ID, PersonID: c.PersonID, Firearms: c.Firearms, Hours: c.Hours,
		Course:    CleanText(p, "course", c.Course, MaxShortText, true),
		Provider:  CleanText(p, "provider", c.Provider, MaxShortText, true),
		Completed: CleanDay(p, "completed", c.Completed, true),
		Expires:   CleanDay(p, "expires", c.Expires, false),
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
