package setsafe

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
