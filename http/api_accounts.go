package http

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/setsafe/setsafe"
)

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

func (s *Server) hashPassword(ctx context.Context, password, email string) (string, error) {
	if err := setsafe.CheckPassword(password, email); err != nil {
		return "", err
	}
	hash, err := s.cfg.Hashing.Passwords.Hash(ctx, password, s.cfg.PasswordHash)
	return hash, hashingError(err)
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	var req SetupRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	acc, evs, err := s.createFirstAdmin(r, req)
	if err != nil {
		return err
	}
	if err := s.startSession(r.Context(), acc); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, AccountResult{Account: accountView(acc), Recorded: recorded(evs)})
	return nil
}

// createFirstAdmin creates the site's first administrator with the one-time
// setup token. The token stops working once used.
func (s *Server) createFirstAdmin(r *http.Request, req SetupRequest) (*setsafe.Account, []setsafe.Event, error) {
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	closed := setsafe.Errorf(setsafe.ENotFound, "Setup is closed: this site has an administrator. Sign in instead.")
	if s.setupToken == "" {
		return nil, nil, closed
	}
	has, err := s.cfg.Records.HasAccounts(r.Context())
	if err != nil {
		return nil, nil, err
	}
	if has {
		s.setupToken = ""
		return nil, nil, closed
	}
	if !constantTimeEqual(req.Token, s.setupToken) {
		return nil, nil, setsafe.Errorf(setsafe.EUnauthorized, "The setup token is wrong. Use the link setsafe printed when it started.")
	}
	hash, err := s.hashPassword(r.Context(), req.Password, req.Email)
	if err != nil {
		return nil, nil, err
	}
	id := setsafe.NewID()
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, setsafe.SystemActor("setup"),
		setsafe.CreateAccount{ID: id, Email: req.Email, Name: req.Name, PasswordHash: hash, SiteAdmin: true}))
	if err != nil {
		return nil, nil, err
	}
	s.setupToken = ""
	acc, err := s.cfg.Records.Account(r.Context(), id)
	return acc, evs, err
}

func (s *Server) signInAPI(w http.ResponseWriter, r *http.Request) error {
	var req SignInRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	acc, err := s.signIn(r, req.Email, req.Password)
	if err != nil {
		return err
	}
	if err := s.startSession(r.Context(), acc); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, SessionView{Account: accountView(acc)})
	return nil
}

func (s *Server) whoAmI(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.cfg.Records.Account(r.Context(), actorFrom(r).ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, SessionView{Account: accountView(acc)})
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
		return err
	}
	accs, err := s.cfg.Records.Accounts(r.Context())
	if err != nil {
		return err
	}
	out := AccountList{Accounts: []AccountView{}}
	for _, a := range accs {
		out.Accounts = append(out.Accounts, accountView(a))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	var req AccountRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	var hash string
	if req.Password != "" {
		h, err := s.hashPassword(r.Context(), req.Password, req.Email)
		if err != nil {
			return err
		}
		hash = h
	}
	id := setsafe.NewID()
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actorFrom(r),
		setsafe.CreateAccount{ID: id, Email: req.Email, Name: req.Name, PasswordHash: hash, SiteAdmin: req.SiteAdmin}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusCreated)
}

// accountChanged answers a change with the account as it is now and the
// entries the change appended.
func (s *Server) accountChanged(w http.ResponseWriter, r *http.Request, id string, evs []setsafe.Event, status int) error {
	acc, err := s.cfg.Records.Account(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, status, AccountResult{Account: accountView(acc), Recorded: recorded(appended(evs))})
	return nil
}

// appended returns evs, or an empty list when a command changed nothing, so
// that the answer still reports what was recorded (nothing).
func appended(evs []setsafe.Event) []setsafe.Event {
	if evs == nil {
		return []setsafe.Event{}
	}
	return evs
}

// accountInPath returns the account ID of the URL, if the caller may read
// it: their own, or any for a site administrator.
func (s *Server) accountInPath(r *http.Request) (string, error) {
	id := r.PathValue("account")
	if id == actorFrom(r).ID {
		return id, nil
	}
	if _, err := s.require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
		return "", err
	}
	return id, nil
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := s.accountInPath(r)
	if err != nil {
		return err
	}
	acc, err := s.cfg.Records.Account(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accountView(acc))
	return nil
}

func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) error {
	var req AccountUpdate
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actorFrom(r), setsafe.UpdateAccount{ID: id, Email: req.Email, Name: req.Name}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) error {
	var req PasswordRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	actor := actorFrom(r)
	if id != actor.ID {
		// Check before hashing: hashing is dear.
		if _, err := s.require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
			return err
		}
	}
	acc, err := s.cfg.Records.Account(r.Context(), id)
	if err != nil {
		return err
	}
	if id == actor.ID {
		// Changing one's own password takes the current one, so that a
		// borrowed session cannot lock its owner out.
		if _, err := s.signIn(r, acc.Email, req.CurrentPassword); err != nil {
			if setsafe.ErrorCode(err) == setsafe.ERateLimited {
				return err
			}
			p := setsafe.Problems{}
			p.Add("current_password", "is wrong")
			return p.Err()
		}
	}
	hash, err := s.hashPassword(r.Context(), req.Password, acc.Email)
	if err != nil {
		return err
	}
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actor, setsafe.SetPassword{AccountID: id, Hash: hash}))
	if err != nil {
		return err
	}
	// The new password ends every session begun with the old one, except
	// the one that set it.
	if acc, err = s.cfg.Records.Account(r.Context(), id); err != nil {
		return err
	}
	if s.sessions.GetString(r.Context(), sessionAccount) == id {
		if err := s.startSession(r.Context(), acc); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, AccountResult{Account: accountView(acc), Recorded: recorded(appended(evs))})
	return nil
}

func (s *Server) disableAccount(w http.ResponseWriter, r *http.Request) error {
	var req ReasonRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actorFrom(r), setsafe.DisableAccount{ID: id, Reason: req.Reason}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *Server) enableAccount(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("account")
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actorFrom(r), setsafe.EnableAccount{ID: id}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *Server) setSiteAdmin(w http.ResponseWriter, r *http.Request) error {
	var req SiteAdminRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actorFrom(r), setsafe.SetSiteAdmin{AccountID: id, Admin: req.Admin, Reason: req.Reason}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	toks, err := s.cfg.Records.APITokens(r.Context(), actorFrom(r).ID)
	if err != nil {
		return err
	}
	out := TokenList{Tokens: []TokenView{}}
	for _, t := range toks {
		out.Tokens = append(out.Tokens, tokenView(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var req TokenRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	id, token, hash := setsafe.NewAPITokenSecret()
	actor := actorFrom(r)
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actor,
		setsafe.CreateAPIToken{ID: id, AccountID: actor.ID, Name: req.Name, ExpiresAt: req.ExpiresAt, SecretHash: hash}))
	if err != nil {
		return err
	}
	// The answer comes from the entry itself, not a read that could fail
	// now that the token exists: its secret is shown here only.
	var v TokenView
	for _, e := range evs {
		if b, ok := e.Body.(*setsafe.APITokenCreated); ok {
			v = TokenView{ID: b.ID, Name: b.Name, AccountID: b.AccountID, CreatedAt: e.Time, ExpiresAt: b.ExpiresAt, Token: token}
		}
	}
	if v.ID == "" {
		return fmt.Errorf("create token: no token was recorded")
	}
	writeJSON(w, http.StatusCreated, TokenResult{Token: v, Recorded: recorded(evs)})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("token")
	evs, err := s.cfg.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actorFrom(r), setsafe.RevokeAPIToken{ID: id}))
	if err != nil {
		return err
	}
	t, err := s.cfg.Records.APIToken(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, TokenResult{Token: tokenView(t), Recorded: recorded(evs)})
	return nil
}
