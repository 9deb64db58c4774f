package setsafe

import (
	"fmt"
	"time"
)

func init() {
	register[AccountCreated](1, "Account created")
	register[AccountUpdated](1, "Account details changed")
	register[AccountPasswordSet](1, "Password set")
	register[AccountDisabled](1, "Account disabled")
	register[AccountEnabled](1, "Account enabled again")
	register[SiteAdminGranted](1, "Made site administrator")
	register[SiteAdminRevoked](1, "No longer site administrator")
	register[APITokenCreated](1, "API token created")
	register[APITokenRevoked](1, "API token revoked")
	register[ProductionRegistered](1, "Production registered on the site")

	register[ProductionCreated](1, "Production created")
	register[ProductionUpdated](1, "Production details changed")
	register[PersonAdded](1, "Person added")
	register[PersonUpdated](1, "Person's details changed")
	register[PersonLeft](1, "Left the production")
	register[PersonAccountLinked](1, "Linked to a sign-in account")
	register[PersonAccountUnlinked](1, "Unlinked from a sign-in account")
	register[PersonPINSet](1, "PIN set")
	register[RoleGranted](1, "Role given")
	register[RoleRevoked](1, "Role taken away")
}

// Site ledger events.

// AccountCreated records a new site account.
type AccountCreated struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

func (b *AccountCreated) apply(s *State, e Event) error {
	if s.Account(b.ID) != nil {
		return fmt.Errorf("account %s already exists", b.ID)
	}
	s.put(&Account{ID: b.ID, Email: b.Email, Name: b.Name, CreatedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (*AccountCreated) refers() References { return References{} }

// AccountUpdated records a new e-mail address or name of an account.
type AccountUpdated struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

func (b *AccountUpdated) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.Email, a.Name = b.Email, b.Name })
}

func (*AccountUpdated) refers() References { return References{} }

// AccountPasswordSet records that an account's password was set or reset.
// The password's hash is kept outside the ledger.
type AccountPasswordSet struct {
	ID string `json:"id"`
}

func (b *AccountPasswordSet) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.PasswordSetAt = e.Time })
}

func (*AccountPasswordSet) refers() References { return References{} }

// AccountDisabled records that an account may no longer sign in.
type AccountDisabled struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

func (b *AccountDisabled) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.Disabled = true })
}

func (*AccountDisabled) refers() References { return References{} }

// AccountEnabled records that a disabled account may sign in again.
type AccountEnabled struct {
	ID string `json:"id"`
}

func (b *AccountEnabled) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.Disabled = false })
}

func (*AccountEnabled) refers() References { return References{} }

// SiteAdminGranted records that an account became a site administrator.
type SiteAdminGranted struct {
	AccountID string `json:"account_id"`
}

func (b *SiteAdminGranted) apply(s *State, e Event) error {
	return s.updateAccount(b.AccountID, e, func(a *Account) { a.SiteAdmin = true })
}

func (*SiteAdminGranted) refers() References { return References{} }

// SiteAdminRevoked records that an account stopped being a site
// administrator.
type SiteAdminRevoked struct {
	AccountID string `json:"account_id"`
	Reason    string `json:"reason"`
}

func (b *SiteAdminRevoked) apply(s *State, e Event) error {
	return s.updateAccount(b.AccountID, e, func(a *Account) { a.SiteAdmin = false })
}

func (*SiteAdminRevoked) refers() References { return References{} }

// APITokenCreated records a new API token. Its secret's hash is kept outside
// the ledger.
type APITokenCreated struct {
	ID        string    `json:"id"`
	AccountID string    `json:"account_id"`
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

func (b *APITokenCreated) apply(s *State, e Event) error {
	if s.Account(b.AccountID) == nil {
		return fmt.Errorf("account %s does not exist", b.AccountID)
	}
	if s.APIToken(b.ID) != nil {
		return fmt.Errorf("API token %s already exists", b.ID)
	}
	s.put(&APIToken{ID: b.ID, AccountID: b.AccountID, Name: b.Name, CreatedAt: e.Time, ExpiresAt: b.ExpiresAt, LastSeq: e.Seq})
	return nil
}

func (*APITokenCreated) refers() References { return References{} }

// APITokenRevoked records that an API token may no longer be used.
type APITokenRevoked struct {
	ID string `json:"id"`
}

func (b *APITokenRevoked) apply(s *State, e Event) error {
	t := edit(s.APIToken(b.ID))
	if t == nil {
		return fmt.Errorf("API token %s does not exist", b.ID)
	}
	t.Revoked, t.LastSeq = true, e.Seq
	s.put(t)
	return nil
}

func (*APITokenRevoked) refers() References { return References{} }

// ProductionRegistered records that a production ID was taken on this site.
type ProductionRegistered struct {
	ID string `json:"id"`
}

func (b *ProductionRegistered) apply(s *State, e Event) error {
	if s.RegisteredProduction(b.ID) != nil {
		return fmt.Errorf("production %s is already registered", b.ID)
	}
	s.put(&RegisteredProduction{ID: b.ID, RegisteredAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (*ProductionRegistered) refers() References { return References{} }

// Production ledger events.

// ProductionCreated is the first event of every production's ledger.
type ProductionCreated struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
}

func (b *ProductionCreated) apply(s *State, e Event) error {
	if e.Seq != 1 || b.ID != s.Ledger {
		return fmt.Errorf("production.created must be event 1 of ledger %s", s.Ledger)
	}
	s.put(&Production{ID: b.ID, Name: b.Name, Company: b.Company, Location: b.Location, TimeZone: b.TimeZone, CreatedAt: e.Time, LastSeq: e.Seq})
	return nil
}

func (*ProductionCreated) refers() References { return References{} }

// ProductionUpdated records new details of a production.
type ProductionUpdated struct {
	Name     string `json:"name"`
	Company  string `json:"company"`
	Location string `json:"location"`
	TimeZone string `json:"time_zone"`
	Reason   string `json:"reason,omitempty"`
}

func (b *ProductionUpdated) apply(s *State, e Event) error {
	p := edit(s.Production())
	p.Name, p.Company, p.Location, p.TimeZone, p.LastSeq = b.Name, b.Company, b.Location, b.TimeZone, e.Seq
	s.put(p)
	return nil
}

func (*ProductionUpdated) refers() References { return References{} }

// PersonAdded records a person joining the crew or cast list.
type PersonAdded struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	JobTitle   string `json:"job_title"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
}

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

func (b *PersonUpdated) apply(s *State, e Event) error {
	return s.updatePerson(b.ID, e, func(p *Person) {
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

func (b *PersonPINSet) apply(s *State, e Event) error {
	return s.updatePerson(b.ID, e, func(p *Person) { p.HasPIN = true })
}

func (b *PersonPINSet) refers() References {
	return References{People: named(b.ID)}
}

// RoleGranted records that a person took on a role in the production.
type RoleGranted struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
}

func (b *RoleGranted) apply(s *State, e Event) error {
	if s.Person(b.PersonID) == nil {
		return fmt.Errorf("person %s does not exist", b.PersonID)
	}
	if !b.Role.Valid() {
		return fmt.Errorf("unknown role %q", b.Role)
	}
	s.put(&RoleGrant{PersonID: b.PersonID, Role: b.Role, GrantedAt: e.Time, GrantedBy: e.Actor.String(), LastSeq: e.Seq})
	return nil
}

func (b *RoleGranted) refers() References {
	return References{People: named(b.PersonID)}
}

// escalation brings back every open concern when the role stands on a rung
// of the ladder.
func (b *RoleGranted) escalation(s *State) []EscalationUpdate {
	if !rungRole(b.Role) {
		return nil
	}
	return s.escalationUpdatesAll()
}

// RoleRevoked records that a person no longer holds a role.
type RoleRevoked struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
	Reason   string `json:"reason"`
}

func (b *RoleRevoked) apply(s *State, e Event) error {
	g := s.Grant(b.PersonID, b.Role)
	if g == nil {
		return fmt.Errorf("person %s does not hold role %s", b.PersonID, b.Role)
	}
	s.remove(g)
	return nil
}

func (b *RoleRevoked) refers() References {
	return References{People: named(b.PersonID)}
}

// escalation looks again at every open concern when the role stood on a
// rung of the ladder.
func (b *RoleRevoked) escalation(s *State) []EscalationUpdate {
	if !rungRole(b.Role) {
		return nil
	}
	return s.escalationUpdatesAll()
}

// EventType implements Body.
func (*AccountCreated) EventType() string { return "account.created" }

// EventType implements Body.
func (*AccountUpdated) EventType() string { return "account.updated" }

// EventType implements Body.
func (*AccountPasswordSet) EventType() string { return "account.password_set" }

// EventType implements Body.
func (*AccountDisabled) EventType() string { return "account.disabled" }

// EventType implements Body.
func (*AccountEnabled) EventType() string { return "account.enabled" }

// EventType implements Body.
func (*SiteAdminGranted) EventType() string { return "site_admin.granted" }

// EventType implements Body.
func (*SiteAdminRevoked) EventType() string { return "site_admin.revoked" }

// EventType implements Body.
func (*APITokenCreated) EventType() string { return "api_token.created" }

// EventType implements Body.
func (*APITokenRevoked) EventType() string { return "api_token.revoked" }

// EventType implements Body.
func (*ProductionRegistered) EventType() string { return "production.registered" }

// EventType implements Body.
func (*ProductionCreated) EventType() string { return "production.created" }

// EventType implements Body.
func (*ProductionUpdated) EventType() string { return "production.updated" }

// EventType implements Body.
func (*PersonAdded) EventType() string { return "person.added" }

// EventType implements Body.
func (*PersonUpdated) EventType() string { return "person.updated" }

// EventType implements Body.
func (*PersonLeft) EventType() string { return "person.left" }

// EventType implements Body.
func (*PersonAccountLinked) EventType() string { return "person.account_linked" }

// EventType implements Body.
func (*PersonAccountUnlinked) EventType() string { return "person.account_unlinked" }

// EventType implements Body.
func (*PersonPINSet) EventType() string { return "person.pin_set" }

// EventType implements Body.
func (*RoleGranted) EventType() string { return "role.granted" }

// EventType implements Body.
func (*RoleRevoked) EventType() string { return "role.revoked" }

func (*AccountCreated) siteEvent()       {}
func (*AccountUpdated) siteEvent()       {}
func (*AccountPasswordSet) siteEvent()   {}
func (*AccountDisabled) siteEvent()      {}
func (*AccountEnabled) siteEvent()       {}
func (*SiteAdminGranted) siteEvent()     {}
func (*SiteAdminRevoked) siteEvent()     {}
func (*APITokenCreated) siteEvent()      {}
func (*APITokenRevoked) siteEvent()      {}
func (*ProductionRegistered) siteEvent() {}
