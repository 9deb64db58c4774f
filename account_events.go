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
	Private("account.created", "sign-in accounts' e-mail addresses and names")
	Private("account.updated", "sign-in accounts' e-mail addresses and names")
}

// AccountCreated records a new site account.
type AccountCreated struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// EventType implements Body.
func (*AccountCreated) EventType() string { return "account.created" }

func (*AccountCreated) siteEvent() {}

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

// EventType implements Body.
func (*AccountUpdated) EventType() string { return "account.updated" }

func (*AccountUpdated) siteEvent() {}

func (b *AccountUpdated) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.Email, a.Name = b.Email, b.Name })
}

func (*AccountUpdated) refers() References { return References{} }

// AccountPasswordSet records that an account's password was set or reset.
// The password's hash is kept outside the ledger.
type AccountPasswordSet struct {
	ID string `json:"id"`
}

// EventType implements Body.
func (*AccountPasswordSet) EventType() string { return "account.password_set" }

func (*AccountPasswordSet) siteEvent() {}

func (b *AccountPasswordSet) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.PasswordSetAt = e.Time })
}

func (*AccountPasswordSet) refers() References { return References{} }

// AccountDisabled records that an account may no longer sign in.
type AccountDisabled struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// EventType implements Body.
func (*AccountDisabled) EventType() string { return "account.disabled" }

func (*AccountDisabled) siteEvent() {}

func (b *AccountDisabled) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.Disabled = true })
}

func (*AccountDisabled) refers() References { return References{} }

// AccountEnabled records that a disabled account may sign in again.
type AccountEnabled struct {
	ID string `json:"id"`
}

// EventType implements Body.
func (*AccountEnabled) EventType() string { return "account.enabled" }

func (*AccountEnabled) siteEvent() {}

func (b *AccountEnabled) apply(s *State, e Event) error {
	return s.updateAccount(b.ID, e, func(a *Account) { a.Disabled = false })
}

func (*AccountEnabled) refers() References { return References{} }

// SiteAdminGranted records that an account became a site administrator.
type SiteAdminGranted struct {
	AccountID string `json:"account_id"`
}

// EventType implements Body.
func (*SiteAdminGranted) EventType() string { return "site_admin.granted" }

func (*SiteAdminGranted) siteEvent() {}

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

// EventType implements Body.
func (*SiteAdminRevoked) EventType() string { return "site_admin.revoked" }

func (*SiteAdminRevoked) siteEvent() {}

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

// EventType implements Body.
func (*APITokenCreated) EventType() string { return "api_token.created" }

func (*APITokenCreated) siteEvent() {}

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

// EventType implements Body.
func (*APITokenRevoked) EventType() string { return "api_token.revoked" }

func (*APITokenRevoked) siteEvent() {}

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

func (s *State) updateAccount(id string, e Event, change func(*Account)) error {
	a := edit(s.Account(id))
	if a == nil {
		return fmt.Errorf("account %s does not exist", id)
	}
	change(a)
	a.LastSeq = e.Seq
	s.put(a)
	return nil
}
