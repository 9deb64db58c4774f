package setsafe

import (
	"strings"
	"time"
)

// The projection tables of site accounts and their API tokens.
const (
	tableAccounts  = "accounts"
	tableAPITokens = "api_tokens"
)

func init() {
	rowTypes[tableAccounts] = func() Row { return new(Account) }
	rowTypes[tableAPITokens] = func() Row { return new(APIToken) }
}

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
