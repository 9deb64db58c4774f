package setsafe

import "fmt"

func init() {
	register[DutyStarted](1, "Came on armorer duty")
	register[DutyEnded](1, "Went off armorer duty")
	register[DutyHandedOver](1, "Armorer duty handed over")
	register[DutyOverridden](1, "Armorer duty ended in an emergency")
}

// DutyStarted records an armorer coming on armorer duty.
type DutyStarted struct {
	PersonID string `json:"person_id"`
}

// EventType implements Body.
func (*DutyStarted) EventType() string { return "duty.started" }

func (b *DutyStarted) apply(s *State, e Event) error { return s.setDuty(e, b.PersonID, true) }

func (b *DutyStarted) refers() References { return References{People: named(b.PersonID)} }

// DutyEnded records an armorer going off armorer duty. Reason is why, if
// anyone said.
type DutyEnded struct {
	PersonID string `json:"person_id"`
	Reason   string `json:"reason"`
}

// EventType implements Body.
func (*DutyEnded) EventType() string { return "duty.ended" }

func (b *DutyEnded) apply(s *State, e Event) error { return s.setDuty(e, b.PersonID, false) }

func (b *DutyEnded) refers() References { return References{People: named(b.PersonID)} }

// DutyHandedOver records an armorer handing the armorer's duty over to
// another, who takes it with the firearms that were out or loaded
// (Firearms, as they stood), both confirming with their own PIN on Device.
// From goes off duty and To comes on it; the firearms From held pass into
// To's hands.
type DutyHandedOver struct {
	From     string        `json:"from"`
	To       string        `json:"to"`
	Firearms []DutyFirearm `json:"firearms"`
	// ConfirmedWithPIN are From and To, who each typed their own PIN.
	ConfirmedWithPIN []string `json:"confirmed_with_pin"`
	Device           string   `json:"device"`
}

// EventType implements Body.
func (*DutyHandedOver) EventType() string { return "duty.handed_over" }

func (b *DutyHandedOver) apply(s *State, e Event) error {
	if b.From == b.To {
		return fmt.Errorf("person %s hands the duty over to themselves", b.From)
	}
	for _, f := range grouped[*Firearm](s, firearmsOut, "") {
		if f.Custodian == b.From {
			if err := s.moveFirearm(e, f.ID, b.To, ""); err != nil {
				return err
			}
		}
	}
	if err := s.setDuty(e, b.From, false); err != nil {
		return err
	}
	return s.setDuty(e, b.To, true)
}

func (b *DutyHandedOver) refers() References {
	return References{Firearms: dutyFirearmIDs(b.Firearms), People: named(b.From, b.To)}
}

// Changes that end someone's armorer duty, as a DutyOverridden names them.
const (
	DutyChangeOffDuty     = "off_duty"
	DutyChangeRoleRevoked = "role_revoked"
	DutyChangeLeft        = "left"
)

// DutyOverridden records a producer or a site administrator ending the
// duty of the last qualified armorer in an emergency, though the gate
// refused it: what the change was (Change, one of the DutyChange...
// values, recorded next), why (Reason), the firearms out or loaded as they
// stood, and the rules it overrode. It opens a duty gap (see
// [State.DutyGap]) while firearms are out.
type DutyOverridden struct {
	PersonID string        `json:"person_id"`
	Change   string        `json:"change"`
	Reason   string        `json:"reason"`
	Firearms []DutyFirearm `json:"firearms"`
	Rules    []RuleFinding `json:"rules"`
}

// EventType implements Body.
func (*DutyOverridden) EventType() string { return "duty.overridden" }

func (b *DutyOverridden) apply(s *State, _ Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	return nil // the change recorded with it ends the duty
}

func (b *DutyOverridden) refers() References {
	return References{Firearms: dutyFirearmIDs(b.Firearms), People: named(b.PersonID)}
}

func dutyFirearmIDs(fs []DutyFirearm) []string {
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.FirearmID
	}
	return ids
}

// setDuty records a person coming on armorer duty or going off it.
func (s *State) setDuty(e Event, personID string, on bool) error {
	if s.Person(personID) == nil {
		return fmt.Errorf("person %s does not exist", personID)
	}
	s.put(&ArmorerDuty{PersonID: personID, OnDuty: on, Since: e.Time, LastSeq: e.Seq})
	return nil
}
