package setsafe

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/setsafe/setsafe/gate"
)

// The projection table of armorers' duty: who went off armorer duty or
// came back on it.
const tableArmorerDuties = "armorer_duties"

func init() {
	rowTypes[tableArmorerDuties] = func() Row { return new(ArmorerDuty) }
}

// ArmorerDuty is whether a person holding an armorer's role is on armorer
// duty, as the last duty event about them says. Someone with no such row
// never went off duty, and is on duty while they hold the role: so
// productions that never record duty events work as they always did.
type ArmorerDuty struct {
	PersonID string `db:"person_id,key" json:"person_id"`
	// OnDuty is false from going off duty, or handing the duty over,
	// until coming back on duty.
	OnDuty  bool      `db:"on_duty" json:"on_duty"`
	Since   time.Time `db:"since_us" json:"since"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*ArmorerDuty) Table() string { return tableArmorerDuties }

// Key implements Row.
func (d *ArmorerDuty) Key() string { return d.PersonID }

// ArmorerDuty returns a person's last duty record, or nil when they never
// went off armorer duty or came on it.
func (s *State) ArmorerDuty(personID string) *ArmorerDuty {
	return lookup[*ArmorerDuty](s, tableArmorerDuties, personID)
}

// HoldsArmorerRole says whether a person holds an armorer's role: armorer
// or assistant armorer.
func (s *State) HoldsArmorerRole(personID string) bool {
	return s.Grant(personID, RoleArmorer) != nil || s.Grant(personID, RoleAssistantArmorer) != nil
}

// OnArmorerDuty says whether a person is on armorer duty: holding an
// armorer's role, and not gone off duty since they last came on it.
func (s *State) OnArmorerDuty(personID string) bool {
	if !s.HoldsArmorerRole(personID) {
		return false
	}
	d := s.ArmorerDuty(personID)
	return d == nil || d.OnDuty
}

// FirearmsOutOrLoaded returns the firearms out of their store, with a
// person, or loaded in it, ordered by ID: what an armorer on duty answers
// for.
func (s *State) FirearmsOutOrLoaded() []*Firearm {
	out := grouped[*Firearm](s, firearmsOut, "")
	out = append(out, grouped[*Firearm](s, firearmsLoadedInStore, "")...)
	slices.SortFunc(out, byKey)
	return out
}

// DutyFirearm is a firearm an armorer answers for when the duty changes
// hands: who holds it or where it is stored, and what is loaded in it.
type DutyFirearm struct {
	FirearmID string `json:"firearm_id"`
	Custodian string `json:"custodian,omitempty"`
	Store     string `json:"store,omitempty"`
	LotID     string `json:"lot_id,omitempty"`
	Rounds    int64  `json:"rounds"`
}

// dutyFirearms lists the firearms out or loaded, as a duty event records
// them.
func (s *State) dutyFirearms() []DutyFirearm {
	var out []DutyFirearm
	for _, f := range s.FirearmsOutOrLoaded() {
		out = append(out, DutyFirearm{FirearmID: f.ID, Custodian: f.Custodian, Store: f.Store, LotID: f.LoadedLot, Rounds: f.LoadedRounds})
	}
	return out
}

// DutyGap returns the IDs of the firearms out of their store (with a
// person) or loaded while no qualified armorer is on duty at now, in
// order: none while one is. Qualified is on armorer duty and, where the
// production's rules ask for it (PR-3), holding an armorer's permit that
// is current at now. A gap opens only when the last qualified armorer
// stopped anyway: in an emergency override, or as their permit ran out.
// While it lasts the gate refuses all firearm work (FA-2), until a
// qualified armorer comes on duty. The error is that of reading the
// production's stored safety rules.
func (s *State) DutyGap(now time.Time) ([]string, error) {
	sit, err := s.Situation(now)
	if err != nil {
		return nil, err
	}
	return gate.DutyGap(sit), nil
}

// Armorers returns the active people holding an armorer's role, by name.
func (s *State) Armorers() []*Person {
	var out []*Person
	for _, r := range []Role{RoleArmorer, RoleAssistantArmorer} {
		for _, g := range grouped[*RoleGrant](s, grantsByRole, string(r)) {
			if p := s.Person(g.PersonID); p != nil && p.Active && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Person) int { return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID)) })
	return out
}
