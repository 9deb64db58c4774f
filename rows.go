package setsafe

import (
	"strings"
	"time"
)

// Projection table names.
const (
	tableProductions          = "productions"
	tablePeople               = "people"
	tableRoleGrants           = "role_grants"
	tableAccounts             = "accounts"
	tableAPITokens            = "api_tokens"
	tableRegisteredProduction = "production_register"
)

var rowTypes = map[string]func() Row{
	tableProductions:          func() Row { return new(Production) },
	tablePeople:               func() Row { return new(Person) },
	tableRoleGrants:           func() Row { return new(RoleGrant) },
	tableAccounts:             func() Row { return new(Account) },
	tableAPITokens:            func() Row { return new(APIToken) },
	tableRegisteredProduction: func() Row { return new(RegisteredProduction) },
}

// Production describes a production: a film, series or commercial with its
// own crew, roles and ledger. It is the only row of table productions in its
// own ledger.
type Production struct {
	ID       string `db:"id,key" json:"id"`
	Name     string `db:"name" json:"name"`
	Company  string `db:"company" json:"company"`
	Location string `db:"location" json:"location"`
	// TimeZone is the IANA zone of the set, which decides what "today" is.
	TimeZone  string    `db:"time_zone" json:"time_zone"`
	CreatedAt time.Time `db:"created_us" json:"created_at"`
	LastSeq   int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Production) Table() string { return tableProductions }

// Key implements Row.
func (p *Production) Key() string { return p.ID }

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
	LeftAt  time.Time `db:"left_us" json:"left_at,omitzero"`
	LastSeq int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Person) Table() string { return tablePeople }

// Key implements Row.
func (p *Person) Key() string { return p.ID }

// RoleGrant is a role a person currently holds in a production.
type RoleGrant struct {
	PersonID  string    `db:"person_id,key" json:"person_id"`
	Role      Role      `db:"role,key" json:"role"`
	GrantedAt time.Time `db:"granted_us" json:"granted_at"`
	GrantedBy string    `db:"granted_by" json:"granted_by"`
	LastSeq   int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*RoleGrant) Table() string { return tableRoleGrants }

// Key implements Row.
func (g *RoleGrant) Key() string { return g.PersonID + "/" + string(g.Role) }

// Account is a site account that can sign in. It lives in the site ledger.
type Account struct {
	ID        string `db:"id,key" json:"id"`
	Email     string `db:"email" json:"email"`
	Name      string `db:"name" json:"name"`
	SiteAdmin bool   `db:"site_admin" json:"site_admin"`
	Disabled  bool   `db:"disabled" json:"disabled"`
	// PasswordSetAt is when the password was last set; zero if it never was.
	// Sessions begun before it end.
	PasswordSetAt time.Time `db:"password_set_us" json:"password_set_at,omitzero"`
	CreatedAt     time.Time `db:"created_us" json:"created_at"`
	LastSeq       int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*Account) Table() string { return tableAccounts }

// Key implements Row.
func (a *Account) Key() string { return a.ID }

// HasPassword reports whether the account can sign in with a password.
func (a *Account) HasPassword() bool { return !a.PasswordSetAt.IsZero() }

// APIToken is a named credential with which a program acts as an account.
// Only a hash of the secret is stored, outside the ledger. Revoked tokens
// stay listed.
type APIToken struct {
	ID        string    `db:"id,key" json:"id"`
	AccountID string    `db:"account_id" json:"account_id"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_us" json:"created_at"`
	ExpiresAt time.Time `db:"expires_us" json:"expires_at,omitzero"`
	Revoked   bool      `db:"revoked" json:"revoked"`
	LastSeq   int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*APIToken) Table() string { return tableAPITokens }

// Key implements Row.
func (t *APIToken) Key() string { return t.ID }

// Usable reports whether the token may be used at time now.
func (t *APIToken) Usable(now time.Time) bool {
	return !t.Revoked && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// RegisteredProduction is the site's record that a production ID is taken.
type RegisteredProduction struct {
	ID           string    `db:"id,key" json:"id"`
	RegisteredAt time.Time `db:"registered_us" json:"registered_at"`
	LastSeq      int64     `db:"last_seq" json:"last_seq"`
}

// Table implements Row.
func (*RegisteredProduction) Table() string { return tableRegisteredProduction }

// Key implements Row.
func (r *RegisteredProduction) Key() string { return r.ID }

// Production returns the production described by a production ledger, or nil
// if the ledger has no events yet.
func (s *State) Production() *Production { return lookup[*Production](s, tableProductions, s.Ledger) }

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

// RolesOf returns the roles a person holds, in the order of [Roles].
func (s *State) RolesOf(personID string) []Role {
	var out []Role
	for _, r := range Roles {
		if s.Row(tableRoleGrants, personID+"/"+string(r)) != nil {
			out = append(out, r)
		}
	}
	return out
}

// Grant returns the grant of role r to a person, or nil.
func (s *State) Grant(personID string, r Role) *RoleGrant {
	return lookup[*RoleGrant](s, tableRoleGrants, personID+"/"+string(r))
}

// Grants returns every current role grant, ordered by person and role.
func (s *State) Grants() []*RoleGrant { return all[*RoleGrant](s, tableRoleGrants) }

// Account returns the account with the given ID, or nil.
func (s *State) Account(id string) *Account { return lookup[*Account](s, tableAccounts, id) }

// AccountByEmail returns the account with the given e-mail address (compared
// without regard to case), or nil.
func (s *State) AccountByEmail(email string) *Account {
	var found *Account
	s.rows[tableNumber(tableAccounts)].each(func(_ string, r Row) bool {
		if a := r.(*Account); strings.EqualFold(a.Email, email) {
			found = a
			return false
		}
		return true
	})
	return found
}

// Accounts returns every account, ordered by ID.
func (s *State) Accounts() []*Account { return all[*Account](s, tableAccounts) }

// APIToken returns the API token with the given ID, or nil.
func (s *State) APIToken(id string) *APIToken { return lookup[*APIToken](s, tableAPITokens, id) }

// RegisteredProduction returns the site's record of a production ID, or nil.
func (s *State) RegisteredProduction(id string) *RegisteredProduction {
	return lookup[*RegisteredProduction](s, tableRegisteredProduction, id)
}
