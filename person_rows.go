package setsafe

import (
	"slices"
	"strings"
	"time"
)

// The projection table of the crew and cast list.
const tablePeople = "people"

func init() {
	rowTypes[tablePeople] = func() Row { return new(Person) }
}

// Person is someone on a production's crew list or cast list. Most people
// never sign in; they confirm what they do with a personal PIN. A person may
// be linked to a site account to sign in.
type Person struct {
	ID         string `db:"id,key" json:"id"`
	Name       string `db:"name" json:"name"`
	Department string `db:"department" json:"department"`
	JobTitle   string `db:"job_title" json:"job_title"`
	Email      string `db:"email" json:"email,omitempty"`
	Phone      string `db:"phone" json:"phone,omitempty"`
	AccountID  string `db:"account_id" json:"account_id,omitempty"`
	HasPIN     bool   `db:"has_pin" json:"has_pin"`
	// Active is false once the person has left the production; people are
	// never deleted.
	Active  bool      `db:"active" json:"active"`
	AddedAt time.Time `db:"added_us" json:"added_at"`
	// LeftAt is when the person left the production; zero while they are
	// on it.
	LeftAt time.Time `db:"left_us" json:"left_at,omitzero"`
	// TitleSetAside are the duties, separated by spaces, that someone who
	// may grant the armorer role recorded the job title does not mean on
	// this production (FA-4); empty again when the title changes.
	TitleSetAside string `db:"title_duties_set_aside" json:"title_duties_set_aside"`
	LastSeq       int64  `db:"last_seq" json:"last_seq"`
}

// TitleDuties returns what the person's job title and department say
// they do.
func (p *Person) TitleDuties() TitleDuties { return ReadTitle(p.JobTitle, p.Department) }

// OtherTitleDuties returns the duties besides armorer work that the
// person's job title says and that nobody recorded it does not mean: those
// FA-4 forbids an armorer.
func (p *Person) OtherTitleDuties() []Duty {
	aside := strings.Fields(p.TitleSetAside)
	var out []Duty
	for _, d := range p.TitleDuties().OtherDuties() {
		if !slices.Contains(aside, string(d)) {
			out = append(out, d)
		}
	}
	return out
}

// Table implements Row.
func (*Person) Table() string { return tablePeople }

// Key implements Row.
func (p *Person) Key() string { return p.ID }

// Person returns the person with the given ID, or nil.
func (s *State) Person(id string) *Person { return lookup[*Person](s, tablePeople, id) }

// People returns everyone on the production, ordered by ID.
func (s *State) People() []*Person { return all[*Person](s, tablePeople) }

// PersonByAccount returns the active person linked to an account, or nil.
func (s *State) PersonByAccount(accountID string) *Person {
	if accountID == "" {
		return nil
	}
	id, _ := s.byAccount.get(accountID)
	p := s.Person(id)
	if p == nil || p.AccountID != accountID || !p.Active {
		return nil
	}
	return p
}

func personName(s *State, id string) string {
	if p := s.Person(id); p != nil {
		return p.Name
	}
	return "nobody on record"
}
