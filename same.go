package setsafe

import (
	"fmt"
	"slices"
	"strings"
)

// People who share an e-mail address, and firearms that share a make and
// serial, are nearly always one person or one firearm entered twice (a
// retried request, a second tablet): a second one is added only when the
// request confirms it. The state indexes both, so that the check costs the
// same on a crew list of forty people or forty thousand.

// peopleByEmail groups the active people by e-mail address, and
// firearmsBySerial the firearms not returned to their owners by make and
// serial.
var (
	peopleByEmail = addIndex(tablePeople, func(r Row) (string, bool) {
		p := r.(*Person)
		return p.Email, p.Active && p.Email != ""
	})
	firearmsBySerial = addIndex(tableFirearms, func(r Row) (string, bool) {
		f := r.(*Firearm)
		return serialKey(f.Make, f.Serial), !f.Returned
	})
)

var squeeze = strings.NewReplacer(" ", "", "-", "", "\t", "")

// serialKey is how a make and serial are compared: without case, spaces
// or dashes, which people type differently.
func serialKey(make, serial string) string {
	return strings.ToLower(strings.Join(strings.Fields(make), " ")) + "\x00" + strings.ToLower(squeeze.Replace(serial))
}

// PersonWithEmail returns an active person other than except with the
// e-mail address (as cleaned: lowercase), or nil.
func (s *State) PersonWithEmail(email, except string) *Person {
	same := grouped[*Person](s, peopleByEmail, email)
	slices.SortFunc(same, byKey)
	for _, p := range same {
		if p.ID != except {
			return p
		}
	}
	return nil
}

// FirearmWithSerial returns a firearm of the production, not returned to
// its owner, with the make and serial, or nil.
func (s *State) FirearmWithSerial(make, serial string) *Firearm {
	same := grouped[*Firearm](s, firearmsBySerial, serialKey(make, serial))
	if len(same) == 0 {
		return nil
	}
	return slices.MinFunc(same, byKey)
}

// checkSameEmail refuses an e-mail address that an active person other
// than self has, unless confirmed.
func checkSameEmail(s *State, email, self string, confirmed bool) error {
	if email == "" || confirmed {
		return nil
	}
	other := s.PersonWithEmail(email, self)
	if other == nil {
		return nil
	}
	return &Error{Code: EConflict,
		Message: fmt.Sprintf("%s (ID %s) is on the crew list with the e-mail address %s already. If this is %s, change their details instead; "+
			"if it is someone else who shares the address, confirm that they share it.", other.Name, other.ID, email, other.Name),
		Fields: map[string]string{
			"email":              "is the address of " + other.Name + " (ID " + other.ID + ")",
			"confirm_same_email": "set it to true if this is someone else who shares the address",
		}}
}

// checkSameSerial refuses a firearm with the make and serial of one the
// production holds, unless confirmed.
func checkSameSerial(s *State, make, serial string, confirmed bool) error {
	if confirmed {
		return nil
	}
	other := s.FirearmWithSerial(make, serial)
	if other == nil {
		return nil
	}
	name := other.Name()
	return &Error{Code: EConflict,
		Message: fmt.Sprintf("%s (ID %s) was received already. If this is the same firearm, it is in the armory: do not receive it again; "+
			"if it is another with the same make and serial, confirm that they share it.", strings.ToUpper(name[:1])+name[1:], other.ID),
		Fields: map[string]string{
			"serial":              "is the serial of " + name + " (ID " + other.ID + ")",
			"confirm_same_serial": "set it to true if this is another firearm with the same make and serial",
		}}
}
