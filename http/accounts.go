package http

import (
	"context"
	"net/http"

	"github.com/setsafe/setsafe"
)

// CreateFirstAdmin creates the site's first administrator with the one-time
// setup token. The token stops working once used.
func (s *Server) CreateFirstAdmin(r *http.Request, req SetupRequest) (*setsafe.Account, []setsafe.Event, error) {
	s.SetupMu.Lock()
	defer s.SetupMu.Unlock()
	closed := setsafe.Errorf(setsafe.ENotFound, "Setup is closed: this site has an administrator. Sign in instead.")
	if s.SetupToken == "" {
		return nil, nil, closed
	}
	has, err := s.Config.Records.HasAccounts(r.Context())
	if err != nil {
		return nil, nil, err
	}
	if has {
		s.SetupToken = ""
		return nil, nil, closed
	}
	if !constantTimeEqual(req.Token, s.SetupToken) {
		return nil, nil, setsafe.Errorf(setsafe.EUnauthorized, "The setup token is wrong. Use the link setsafe printed when it started.")
	}
	hash, err := s.HashPassword(r.Context(), req.Password, req.Email)
	if err != nil {
		return nil, nil, err
	}
	id := setsafe.NewID()
	evs, err := s.Config.Ledger.Append(r.Context(), setsafe.On(setsafe.SiteLedger, setsafe.SystemActor("setup"),
		setsafe.CreateAccount{ID: id, Email: req.Email, Name: req.Name, PasswordHash: hash, SiteAdmin: true}))
	if err != nil {
		return nil, nil, err
	}
	s.SetupToken = ""
	acc, err := s.Config.Records.Account(r.Context(), id)
	return acc, evs, err
}

// HashPassword checks a new password against the rules and hashes it
// within the passwords' budget.
func (s *Server) HashPassword(ctx context.Context, password, email string) (string, error) {
	if err := setsafe.CheckPassword(password, email); err != nil {
		return "", err
	}
	hash, err := s.Config.Hashing.Passwords.Hash(ctx, password, s.Config.PasswordHash)
	return hash, HashingError(err)
}
