package setsafe

import "time"

// CreateAccount creates a site account, optionally with a password and as a
// site administrator. Only site administrators (or the operator) may.
type CreateAccount struct {
	ID    string
	Email string
	Name  string
	// PasswordHash is the hash of the first password, or empty to set it
	// later. The caller checks the password with [CheckPassword] and hashes it.
	PasswordHash string
	SiteAdmin    bool
}

// Authorize implements Command.
func (c CreateAccount) Authorize(a Access, _ *State) error { return a.Require(PermManageAccounts) }

// Decide implements Command.
func (c CreateAccount) Decide(s *State, d Decision) (Outcome, error) {
	p := Problems{}
	email := cleanEmail(p, "email", c.Email, true)
	name := CleanText(p, "name", c.Name, MaxNameLength, true)
	if !ValidID(c.ID) {
		p.Add("id", "is not a valid identifier")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.AccountByEmail(email) != nil {
		return Outcome{}, &Error{Code: EConflict, Message: "An account with this e-mail address exists already.", Fields: map[string]string{"email": "is taken"}}
	}
	if s.Account(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "Account %s exists already.", c.ID)
	}
	out := one(&AccountCreated{ID: c.ID, Email: email, Name: name})
	if c.PasswordHash != "" {
		out.Events = append(out.Events, Draft{Body: &AccountPasswordSet{ID: c.ID}})
		out.Credentials = append(out.Credentials, Credential{Kind: CredentialPassword, Subject: c.ID, Hash: c.PasswordHash})
	}
	if c.SiteAdmin {
		out.Events = append(out.Events, Draft{Body: &SiteAdminGranted{AccountID: c.ID}})
	}
	return out, nil
}

// UpdateAccount changes an account's e-mail address or name; a nil field
// keeps its value. Account holders may change their own; site administrators
// anyone's.
type UpdateAccount struct {
	ID    string
	Email *string
	Name  *string
}

// Authorize implements Command.
func (c UpdateAccount) Authorize(a Access, _ *State) error { return selfOrAdmin(a, c.ID) }

// Decide implements Command.
func (c UpdateAccount) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.ID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	email := cleanEmail(p, "email", changed(c.Email, acc.Email), true)
	name := CleanText(p, "name", changed(c.Name, acc.Name), MaxNameLength, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if other := s.AccountByEmail(email); other != nil && other.ID != acc.ID {
		return Outcome{}, &Error{Code: EConflict, Message: "Another account has this e-mail address.", Fields: map[string]string{"email": "is taken"}}
	}
	if email == acc.Email && name == acc.Name {
		return Outcome{}, nil
	}
	return one(&AccountUpdated{ID: acc.ID, Email: email, Name: name}), nil
}

// SetPassword sets or resets an account's password.
type SetPassword struct {
	AccountID string
	// Hash is the new password's hash; the caller checks the password with
	// [CheckPassword] first.
	Hash string
}

// Authorize implements Command.
func (c SetPassword) Authorize(a Access, _ *State) error { return selfOrAdmin(a, c.AccountID) }

// Decide implements Command.
func (c SetPassword) Decide(s *State, d Decision) (Outcome, error) {
	if _, err := existingAccount(s, c.AccountID); err != nil {
		return Outcome{}, err
	}
	if c.Hash == "" {
		return Outcome{}, Errorf(EInvalid, "A password is required.")
	}
	out := one(&AccountPasswordSet{ID: c.AccountID})
	out.Credentials = []Credential{{Kind: CredentialPassword, Subject: c.AccountID, Hash: c.Hash}}
	return out, nil
}

// DisableAccount stops an account from signing in and its API tokens from
// working. The last active site administrator cannot be disabled.
type DisableAccount struct {
	ID     string
	Reason string
}

// Authorize implements Command.
func (c DisableAccount) Authorize(a Access, _ *State) error { return a.Require(PermManageAccounts) }

// Decide implements Command.
func (c DisableAccount) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.ID)
	if err != nil {
		return Outcome{}, err
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if acc.Disabled {
		return Outcome{}, nil
	}
	if acc.SiteAdmin && activeAdmins(s) == 1 {
		return Outcome{}, Errorf(EConflict, "This is the last site administrator; make someone else one first.")
	}
	return one(&AccountDisabled{ID: acc.ID, Reason: reason}), nil
}

// EnableAccount lets a disabled account sign in again.
type EnableAccount struct{ ID string }

// Authorize implements Command.
func (c EnableAccount) Authorize(a Access, _ *State) error { return a.Require(PermManageAccounts) }

// Decide implements Command.
func (c EnableAccount) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.ID)
	if err != nil || !acc.Disabled {
		return Outcome{}, err
	}
	return one(&AccountEnabled{ID: acc.ID}), nil
}

// SetSiteAdmin makes an account a site administrator, or stops it being one.
// The last active site administrator cannot step down.
type SetSiteAdmin struct {
	AccountID string
	Admin     bool
	Reason    string
}

// Authorize implements Command.
func (c SetSiteAdmin) Authorize(a Access, _ *State) error { return a.Require(PermManageAccounts) }

// Decide implements Command.
func (c SetSiteAdmin) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.AccountID)
	if err != nil || acc.SiteAdmin == c.Admin {
		return Outcome{}, err
	}
	if c.Admin {
		return one(&SiteAdminGranted{AccountID: acc.ID}), nil
	}
	p := Problems{}
	reason := CleanReason(p, "reason", c.Reason, true)
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if !acc.Disabled && activeAdmins(s) == 1 {
		return Outcome{}, Errorf(EConflict, "This is the last site administrator; make someone else one first.")
	}
	return one(&SiteAdminRevoked{AccountID: acc.ID, Reason: reason}), nil
}

// CreateAPIToken creates a named API token for an account. Account holders
// create their own; the operator may create one for anybody.
type CreateAPIToken struct {
	ID        string
	AccountID string
	Name      string
	ExpiresAt time.Time
	// SecretHash is the hash of the token's secret, which only the caller
	// ever sees.
	SecretHash string
}

// Authorize implements Command.
func (c CreateAPIToken) Authorize(a Access, _ *State) error {
	if a.System || a.IsAccount(c.AccountID) {
		return nil
	}
	return Errorf(EForbidden, "You can create API tokens only for your own account.")
}

// Decide implements Command.
func (c CreateAPIToken) Decide(s *State, d Decision) (Outcome, error) {
	acc, err := existingAccount(s, c.AccountID)
	if err != nil {
		return Outcome{}, err
	}
	if acc.Disabled {
		return Outcome{}, Errorf(EConflict, "The account is disabled.")
	}
	p := Problems{}
	name := CleanText(p, "name", c.Name, MaxShortText, true)
	if !c.ExpiresAt.IsZero() && !c.ExpiresAt.After(d.Now) {
		p.Add("expires_at", "must be in the future")
	}
	if !ValidID(c.ID) || c.SecretHash == "" {
		p.Add("id", "is not a valid token")
	}
	if err := p.Err(); err != nil {
		return Outcome{}, err
	}
	if s.APIToken(c.ID) != nil {
		return Outcome{}, Errorf(EConflict, "API token %s exists already.", c.ID)
	}
	out := one(&APITokenCreated{ID: c.ID, AccountID: acc.ID, Name: name, ExpiresAt: LedgerTime(c.ExpiresAt)})
	out.Credentials = []Credential{{Kind: CredentialAPIToken, Subject: c.ID, Hash: c.SecretHash}}
	return out, nil
}

// RevokeAPIToken stops an API token from working. Its owner or a site
// administrator may revoke it.
type RevokeAPIToken struct{ ID string }

// Authorize implements Command.
func (c RevokeAPIToken) Authorize(a Access, s *State) error {
	if t := s.APIToken(c.ID); t != nil && a.IsAccount(t.AccountID) {
		return nil
	}
	return a.Require(PermManageAccounts)
}

// Decide implements Command.
func (c RevokeAPIToken) Decide(s *State, d Decision) (Outcome, error) {
	t := s.APIToken(c.ID)
	if t == nil {
		return Outcome{}, Errorf(ENotFound, "There is no API token %s.", c.ID)
	}
	if t.Revoked {
		return Outcome{}, nil
	}
	return one(&APITokenRevoked{ID: t.ID}), nil
}

func selfOrAdmin(a Access, accountID string) error {
	if a.IsAccount(accountID) {
		return nil
	}
	return a.Require(PermManageAccounts)
}

func existingAccount(s *State, id string) (*Account, error) {
	acc := s.Account(id)
	if acc == nil {
		return nil, Errorf(ENotFound, "There is no account %s.", id)
	}
	return acc, nil
}

func activeAdmins(s *State) int {
	n := 0
	for _, a := range s.Accounts() {
		if a.SiteAdmin && !a.Disabled {
			n++
		}
	}
	return n
}
