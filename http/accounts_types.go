package http

import "time"

// SetupRequest creates the first site administrator.
type SetupRequest struct {
	Token    string `json:"token"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

// SignInRequest signs in with an e-mail address and a password.
type SignInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// SessionView is the signed-in account.
type SessionView struct {
	Account AccountView `json:"account"`
}

// AccountRequest creates an account.
type AccountRequest struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	// Password is optional; without one, the account cannot sign in until a
	// site administrator sets one.
	Password  string `json:"password,omitempty"`
	SiteAdmin bool   `json:"site_admin,omitempty"`
}

// AccountUpdate changes an account's e-mail address or name; a field left
// out keeps its value.
type AccountUpdate struct {
	Email *string `json:"email,omitempty"`
	Name  *string `json:"name,omitempty"`
}

// PasswordRequest sets a new password. Account holders changing their own
// give the current one too.
type PasswordRequest struct {
	Password        string `json:"password"`
	CurrentPassword string `json:"current_password,omitempty"`
}

// ReasonRequest gives the reason for a change, for the record.
type ReasonRequest struct {
	Reason string `json:"reason"`
}

// SiteAdminRequest makes an account a site administrator or not.
type SiteAdminRequest struct {
	Admin  bool   `json:"admin"`
	Reason string `json:"reason,omitempty"`
}

// TokenRequest creates an API token.
type TokenRequest struct {
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// AccountResult is an account and the entries a change appended.
type AccountResult struct {
	Account  AccountView    `json:"account"`
	Recorded []RecordedView `json:"recorded"`
}

// TokenResult is an API token and the entries a change appended.
type TokenResult struct {
	Token    TokenView      `json:"token"`
	Recorded []RecordedView `json:"recorded"`
}
