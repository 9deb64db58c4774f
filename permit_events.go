package setsafe

import "fmt"

func init() {
	register[PermitRecorded](1, "Permit recorded")
}

// PermitRecorded records an armorer's permit or licence.
type PermitRecorded struct {
	ID       string `json:"id"`
	PersonID string `json:"person_id"`
	Kind     string `json:"kind"`
	Number   string `json:"number"`
	Issuer   string `json:"issuer"`
	Expires  string `json:"expires"`
}

// EventType implements Body.
func (*PermitRecorded) EventType() string { return "permit.recorded" }

func (b *PermitRecorded) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	expires, err := parseDay(b.Expires)
	if err != nil {
		return err
	}
	s.put(&Permit{ID: b.ID, PersonID: b.PersonID, Kind: b.Kind, Number: b.Number, Issuer: b.Issuer, Expires: expires, LastSeq: e.Seq})
	return nil
}

func (b *PermitRecorded) refers() References {
	return References{People: named(b.PersonID)}
}
