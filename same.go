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

// sameIndex finds the active people with an e-mail address and the
// firearms not returned to their owners with a make and serial.
type sameIndex struct {
	byEmail  map[string][]string // address → people
	emailOf  map[string]string   // person → the address they are indexed under
	bySerial map[string][]string // make and serial → firearms
	serialOf map[string]string   // firearm → the make and serial it is indexed under
}

// load indexes a row just stored in the state.
func (x *sameIndex) load(r Row) {
	switch r := r.(type) {
	case *Person:
		key := ""
		if r.Active {
			key = r.Email
		}
		x.byEmail, x.emailOf = reindex(x.byEmail, x.emailOf, r.ID, key)
	case *Firearm:
		key := ""
		if !r.Returned {
			key = serialKey(r.Make, r.Serial)
		}
		x.bySerial, x.serialOf = reindex(x.bySerial, x.serialOf, r.ID, key)
	}
}

// reindex files id under key ("" for none) in by, and remembers it in of.
func reindex(by map[string][]string, of map[string]string, id, key string) (map[string][]string, map[string]string) {
	if by == nil {
		by, of = map[string][]string{}, map[string]string{}
	}
	old, ok := of[id]
	if ok && old == key {
		return by, of
	}
	if ok {
		if by[old] = slices.DeleteFunc(by[old], func(v string) bool { return v == id }); len(by[old]) == 0 {
			delete(by, old)
		}
		delete(of, id)
	}
	if key != "" {
		by[key] = append(by[key], id)
		of[id] = key
	}
	return by, of
}

// serialKey is how a make and serial are compared: without case, spaces
// or dashes, which people type differently.
func serialKey(make, serial string) string {
	squeeze := strings.NewReplacer(" ", "", "-", "", "\t", "")
	return strings.ToLower(strings.Join(strings.Fields(make), " ")) + "\x00" + strings.ToLower(squeeze.Replace(serial))
}

// PersonWithEmail returns an active person other than except with the
// e-mail address (as cleaned: lowercase), or nil.
func (s *State) PersonWithEmail(email, except string) *Person {
	for _, id := range s.same.byEmail[email] {
		if id != except {
			return s.Person(id)
		}
	}
	return nil
}

// FirearmWithSerial returns a firearm of the production, not returned to
// its owner, with the make and serial, or nil.
func (s *State) FirearmWithSerial(make, serial string) *Firearm {
	if ids := s.same.bySerial[serialKey(make, serial)]; len(ids) > 0 {
		return s.Firearm(ids[0])
	}
	return nil
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
