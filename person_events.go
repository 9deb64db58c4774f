package setsafe

import (
	"fmt"
	"slices"
	"strings"
)

func init() {
	register[PersonAdded](1, "Person added")
	register[PersonUpdated](1, "Person's details changed")
	register[PersonLeft](1, "Left the production")
	register[PersonAccountLinked](1, "Linked to a sign-in account")
	register[PersonAccountUnlinked](1, "Unlinked from a sign-in account")
	register[PersonPINSet](1, "PIN set")
	register[TitleDutiesSetAside](1, "Job title ruled not to mean another duty here")
	Private("person.added", "people's names with their e-mail addresses and phone numbers")
	Private("person.updated", "people's names with their e-mail addresses and phone numbers")
}

// PersonAdded records a person joining the crew or cast list.
type PersonAdded struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	JobTitle   string `json:"job_title"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
}

// EventType implements Body.
func (*PersonAdded) EventType() string { return "person.added" }

func (b *PersonAdded) apply(s *State, e Event) error {
	if s.Person(b.ID) != nil {
		return fmt.Errorf("person %s already exists", b.ID)
	}
	s.put(&Person{ID: b.ID, Name: b.Name, Department: b.Department, JobTitle: b.JobTitle,
		Email: b.Email, Phone: b.Phone, Active: true, AddedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (b *PersonAdded) refers() References {
	return References{People: named(b.ID)}
}

// PersonUpdated records new details of a person. When it corrects an earlier
// entry, the event's Corrects field says which, and Reason says why.
type PersonUpdated struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	JobTitle   string `json:"job_title"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	Reason     string `json:"reason,omitempty"`
}

// EventType implements Body.
func (*PersonUpdated) EventType() string { return "person.updated" }

func (b *PersonUpdated) apply(s *State, e Event) error {
	return s.updatePerson(b.ID, e, func(p *Person) {
		// A ruling on what a title means holds for that title only: a new
		// title is looked at afresh (FA-4).
		if p.JobTitle != b.JobTitle {
			p.TitleSetAside = ""
		}
		p.Name, p.Department, p.JobTitle, p.Email, p.Phone = b.Name, b.Department, b.JobTitle, b.Email, b.Phone
	})
}

func (b *PersonUpdated) refers() References {
	return References{People: named(b.ID)}
}

// PersonLeft records that a person left the production. Their roles end with
// it; their record stays.
type PersonLeft struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// EventType implements Body.
func (*PersonLeft) EventType() string { return "person.left" }

func (b *PersonLeft) apply(s *State, e Event) error {
	for _, r := range s.RolesOf(b.ID) {
		s.remove(s.Grant(b.ID, r))
	}
	return s.updatePerson(b.ID, e, func(p *Person) { p.Active, p.LeftAt = false, e.Time })
}

func (b *PersonLeft) refers() References {
	return References{People: named(b.ID)}
}

// escalation looks again at every open concern: whoever left may have
// stood on a rung.
func (b *PersonLeft) escalation(s *State) []EscalationUpdate { return s.escalationUpdatesAll() }

// PersonAccountLinked records that a person signs in with a site account.
type PersonAccountLinked struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
}

// EventType implements Body.
func (*PersonAccountLinked) EventType() string { return "person.account_linked" }

func (b *PersonAccountLinked) apply(s *State, e Event) error {
	return s.updatePerson(b.ID, e, func(p *Person) { p.AccountID = b.AccountID })
}

func (b *PersonAccountLinked) refers() References {
	return References{People: named(b.ID)}
}

// PersonAccountUnlinked records that a person no longer signs in with the
// account that was linked.
type PersonAccountUnlinked struct {
	ID string `json:"id"`
}

// EventType implements Body.
func (*PersonAccountUnlinked) EventType() string { return "person.account_unlinked" }

func (b *PersonAccountUnlinked) apply(s *State, e Event) error {
	return s.updatePerson(b.ID, e, func(p *Person) { p.AccountID = "" })
}

func (b *PersonAccountUnlinked) refers() References {
	return References{People: named(b.ID)}
}

// PersonPINSet records that a person's PIN was set or changed. The PIN's
// hash is kept outside the ledger.
type PersonPINSet struct {
	ID string `json:"id"`
}

// EventType implements Body.
func (*PersonPINSet) EventType() string { return "person.pin_set" }

func (b *PersonPINSet) apply(s *State, e Event) error {
	return s.updatePerson(b.ID, e, func(p *Person) { p.HasPIN = true })
}

func (b *PersonPINSet) refers() References {
	return References{People: named(b.ID)}
}

// TitleDutiesSetAside records the decision of someone who may grant the
// armorer role that a person's job title, as it now reads, does not mean
// the duties it seems to say on this production ("Armorer / props" on a
// production whose props are someone else's), and why (FA-4). It holds
// until the title changes.
type TitleDutiesSetAside struct {
	ID       string   `json:"id"`
	JobTitle string   `json:"job_title"`
	Duties   []string `json:"duties"`
	Reason   string   `json:"reason"`
}

// EventType implements Body.
func (*TitleDutiesSetAside) EventType() string { return "person.title_duties_set_aside" }

func (b *TitleDutiesSetAside) apply(s *State, e Event) error {
	if p := s.Person(b.ID); p != nil && p.JobTitle != b.JobTitle {
		return fmt.Errorf("person %s's job title is %q, not %q", b.ID, p.JobTitle, b.JobTitle)
	}
	return s.updatePerson(b.ID, e, func(p *Person) {
		duties := strings.Fields(p.TitleSetAside)
		for _, d := range b.Duties {
			if !slices.Contains(duties, d) {
				duties = append(duties, d)
			}
		}
		p.TitleSetAside = strings.Join(duties, " ")
	})
}

func (b *TitleDutiesSetAside) refers() References {
	return References{People: named(b.ID)}
}

func (s *State) updatePerson(id string, e Event, change func(*Person)) error {
	p := edit(s.Person(id))
	if p == nil {
		return fmt.Errorf("person %s does not exist", id)
	}
	change(p)
	p.LastSeq = e.Seq
	s.put(p)
	return nil
}
