package setsafe

import "github.com/setsafe/setsafe/gate"

// PermitKinds are the kinds of permit or licence a person holds that the
// gate reads: an armorer's (PR-3), and the licences hazards need of the
// people they need on site (see gate.Need.Licence). A kind written any
// other way would silently not count, so no other is recorded.
var PermitKinds = []string{gate.PermitArmorer, gate.PermitPyrotechnics, gate.PermitAviation, gate.PermitDiving}

// RecordPermit records a person's permit or licence: an armorer's (PR-3),
// a pyrotechnician's, a pilot's or a diver's.
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
	if _, err := ActivePerson(s, c.PersonID); err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	CheckID(p, "id", c.ID)
	b := &PermitRecorded{ID: c.ID, PersonID: c.PersonID,
		Kind:    c.Kind,
		Number:  CleanText(p, "number", c.Number, MaxShortText, true),
		Issuer:  CleanText(p, "issuer", c.Issuer, MaxShortText, true),
		Expires: CleanDay(p, "expires", c.Expires, true),
	}
	OneOf(p, "kind", c.Kind, PermitKinds)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if lookup[*Permit](s, tablePermits, c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Permit record %s exists already.", c.ID)
	}
	return one(b), nil
}
