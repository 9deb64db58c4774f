package api

import (
	"fmt"
	"net/http"

	"github.com/setsafe/setsafe"
	sshttp "github.com/setsafe/setsafe/http"
)

func (s *handlers) setup(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.SetupRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	acc, evs, err := s.CreateFirstAdmin(r, req)
	if err != nil {
		return err
	}
	if err := s.StartSession(r.Context(), acc); err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusCreated, sshttp.AccountResult{Account: sshttp.NewAccountView(acc), Recorded: sshttp.Recorded(evs)})
	return nil
}

func (s *handlers) signInAPI(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.SignInRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	acc, err := s.SignIn(r, req.Email, req.Password)
	if err != nil {
		return err
	}
	if err := s.StartSession(r.Context(), acc); err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.SessionView{Account: sshttp.NewAccountView(acc)})
	return nil
}

func (s *handlers) whoAmI(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.Config.Records.Account(r.Context(), sshttp.ActorFrom(r).ID)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.SessionView{Account: sshttp.NewAccountView(acc)})
	return nil
}

func (s *handlers) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *handlers) listAccounts(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
		return err
	}
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	accs, next, err := s.Config.Records.AccountsAfter(r.Context(), part.Cursor, part.Limit)
	if err != nil {
		return err
	}
	out := sshttp.AccountList{Accounts: []sshttp.AccountView{}, NextCursor: next}
	for _, a := range accs {
		out.Accounts = append(out.Accounts, sshttp.NewAccountView(a))
	}
	sshttp.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *handlers) createAccount(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.AccountRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	var hash string
	if req.Password != "" {
		h, err := s.HashPassword(r.Context(), req.Password, req.Email)
		if err != nil {
			return err
		}
		hash = h
	}
	id := setsafe.NewID()
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r),
		setsafe.CreateAccount{ID: id, Email: req.Email, Name: req.Name, PasswordHash: hash, SiteAdmin: req.SiteAdmin}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusCreated)
}

// accountChanged answers a change with the account as it is now and the
// entries the change appended.
func (s *handlers) accountChanged(w http.ResponseWriter, r *http.Request, id string, evs []setsafe.Event, status int) error {
	acc, err := s.Config.Records.Account(r.Context(), id)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, status, sshttp.AccountResult{Account: sshttp.NewAccountView(acc), Recorded: sshttp.Recorded(appended(evs))})
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
func (s *handlers) accountInPath(r *http.Request) (string, error) {
	id := r.PathValue("account")
	if id == sshttp.ActorFrom(r).ID {
		return id, nil
	}
	if _, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
		return "", err
	}
	return id, nil
}

func (s *handlers) getAccount(w http.ResponseWriter, r *http.Request) error {
	id, err := s.accountInPath(r)
	if err != nil {
		return err
	}
	acc, err := s.Config.Records.Account(r.Context(), id)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewAccountView(acc))
	return nil
}

func (s *handlers) updateAccount(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.AccountUpdate
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r), setsafe.UpdateAccount{ID: id, Email: req.Email, Name: req.Name}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *handlers) setPassword(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.PasswordRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	actor := sshttp.ActorFrom(r)
	if id != actor.ID {
		// Check before hashing: hashing is dear.
		if _, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
			return err
		}
	}
	acc, err := s.Config.Records.Account(r.Context(), id)
	if err != nil {
		return err
	}
	if id == actor.ID {
		// Changing one's own password takes the current one, so that a
		// borrowed session cannot lock its owner out.
		if _, err := s.SignIn(r, acc.Email, req.CurrentPassword); err != nil {
			if setsafe.ErrorCode(err) == setsafe.ERateLimited {
				return err
			}
			p := setsafe.Problems{}
			p.Add("current_password", "is wrong")
			return p.Err()
		}
	}
	hash, err := s.HashPassword(r.Context(), req.Password, acc.Email)
	if err != nil {
		return err
	}
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actor, setsafe.SetPassword{AccountID: id, Hash: hash}))
	if err != nil {
		return err
	}
	// The new password ends every session begun with the old one, except
	// the one that set it.
	if acc, err = s.Config.Records.Account(r.Context(), id); err != nil {
		return err
	}
	if s.Sessions.GetString(r.Context(), sshttp.SessionAccount) == id {
		if err := s.StartSession(r.Context(), acc); err != nil {
			return err
		}
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.AccountResult{Account: sshttp.NewAccountView(acc), Recorded: sshttp.Recorded(appended(evs))})
	return nil
}

func (s *handlers) disableAccount(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.ReasonRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r), setsafe.DisableAccount{ID: id, Reason: req.Reason}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *handlers) enableAccount(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("account")
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r), setsafe.EnableAccount{ID: id}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *handlers) setSiteAdmin(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.SiteAdminRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("account")
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r), setsafe.SetSiteAdmin{AccountID: id, Admin: req.Admin, Reason: req.Reason}))
	if err != nil {
		return err
	}
	return s.accountChanged(w, r, id, evs, http.StatusOK)
}

func (s *handlers) listTokens(w http.ResponseWriter, r *http.Request) error {
	part, err := sshttp.ListPartOf(r)
	if err != nil {
		return err
	}
	toks, next, err := s.Config.Records.APITokensAfter(r.Context(), sshttp.ActorFrom(r).ID, part.Cursor, part.Limit)
	if err != nil {
		return err
	}
	out := sshttp.TokenList{Tokens: []sshttp.TokenView{}, NextCursor: next}
	for _, t := range toks {
		out.Tokens = append(out.Tokens, sshttp.NewTokenView(t))
	}
	sshttp.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *handlers) createToken(w http.ResponseWriter, r *http.Request) error {
	var req sshttp.TokenRequest
	if err := sshttp.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	id, token, hash := setsafe.NewAPITokenSecret()
	actor := sshttp.ActorFrom(r)
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, actor,
		setsafe.CreateAPIToken{ID: id, AccountID: actor.ID, Name: req.Name, ExpiresAt: req.ExpiresAt, SecretHash: hash}))
	if err != nil {
		return err
	}
	// The answer comes from the entry itself, not a read that could fail
	// now that the token exists: its secret is shown here only.
	var v sshttp.TokenView
	for _, e := range evs {
		if b, ok := e.Body.(*setsafe.APITokenCreated); ok {
			v = sshttp.TokenView{ID: b.ID, Name: b.Name, AccountID: b.AccountID, CreatedAt: e.Time, ExpiresAt: b.ExpiresAt, Token: token}
		}
	}
	if v.ID == "" {
		return fmt.Errorf("create token: no token was recorded")
	}
	sshttp.WriteJSON(w, http.StatusCreated, sshttp.TokenResult{Token: v, Recorded: sshttp.Recorded(evs)})
	return nil
}

func (s *handlers) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("token")
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, sshttp.ActorFrom(r), setsafe.RevokeAPIToken{ID: id}))
	if err != nil {
		return err
	}
	t, err := s.Config.Records.APIToken(r.Context(), id)
	if err != nil {
		return err
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.TokenResult{Token: sshttp.NewTokenView(t), Recorded: sshttp.Recorded(evs)})
	return nil
}

// getToken answers one API token: the caller's own, or any for a site
// administrator, as revoking one is allowed.
func (s *handlers) getToken(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Config.Records.APIToken(r.Context(), r.PathValue("token"))
	if err != nil && setsafe.ErrorCode(err) != setsafe.ENotFound {
		return err
	}
	if t == nil || t.AccountID != sshttp.ActorFrom(r).ID {
		// Another's token, or none: a site administrator is told which.
		if _, err := s.Require(r, setsafe.SiteLedger, setsafe.PermManageAccounts); err != nil {
			return err
		}
		if t == nil {
			return err
		}
	}
	sshttp.WriteJSON(w, http.StatusOK, sshttp.NewTokenView(t))
	return nil
}
