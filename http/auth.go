package http

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	accessKey
	deviceKey
)

// accessSeen holds the caller's access to one ledger as first read in a
// request, so that a handler checking it again does not read it again.
// The ledger's writer checks it once more when it appends.
type accessSeen struct {
	ledger string
	access setsafe.Access
}

// Session keys: the signed-in account's ID, and as of when (Unix
// microseconds) its password was proved, so that setting a new password ends
// the sessions begun with the old one.
const (
	SessionAccount  = "account"
	sessionProvedAt = "proved_at"
	// sessionDevice names the signed-in browser as a device (see Device).
	sessionDevice = "device"
)

// ActorFrom returns who made the request: an account, or the zero actor.
func ActorFrom(r *http.Request) setsafe.Actor {
	a, _ := r.Context().Value(actorKey).(setsafe.Actor)
	return a
}

// Device names the device a request came from, as the server knows it: a
// browser signed in to an account is "session:" and a random ID the
// server gave that session at sign-in; a client of the API is "token:" and
// its token's ID (which is not secret). Nothing the client sends can choose
// it, and it says nothing about the hardware: a tablet signed in twice is
// two devices, and one token used from two machines is one. A hand-off
// records it (setsafe.HandOver.Device), and a PIN is remembered only on
// the device it was typed on. It is "" for a request nobody signed.
func Device(r *http.Request) string {
	d, _ := r.Context().Value(deviceKey).(string)
	return d
}

// newSessionDevice returns a fresh name for a signed-in browser session.
func newSessionDevice() string {
	var b [8]byte
	rand.Read(b[:])
	return "session:" + hex.EncodeToString(b[:])
}

// authenticate works out who is asking, from an API token or the session,
// and puts the actor in the request's context. A bad token is refused
// outright rather than treated as no token.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var actor setsafe.Actor
		var device string
		if h := r.Header.Get("Authorization"); h != "" && r.URL.Path != "/metrics" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.Fail(w, r, setsafe.Errorf(setsafe.EUnauthorized, "Send API tokens as Authorization: Bearer sst_...."))
				return
			}
			a, err := s.tokenActor(r.Context(), strings.TrimSpace(tok))
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			actor = a
			id, _, _ := setsafe.ParseAPIToken(strings.TrimSpace(tok))
			device = "token:" + id
		} else if id := s.Sessions.GetString(r.Context(), SessionAccount); id != "" {
			acc, err := s.Config.Records.Account(r.Context(), id)
			switch {
			case err == nil && !acc.Disabled && acc.PasswordSetAt.UnixMicro() <= s.Sessions.GetInt64(r.Context(), sessionProvedAt):
				actor = setsafe.AccountActor(id)
				device = s.Sessions.GetString(r.Context(), sessionDevice)
				if device == "" { // signed in before sessions named their device
					device = newSessionDevice()
					s.Sessions.Put(r.Context(), sessionDevice, device)
				}
			case err == nil || setsafe.ErrorCode(err) == setsafe.ENotFound:
				// Disabled, gone, or the password changed since: signed out.
				s.Sessions.Remove(r.Context(), SessionAccount)
				s.Sessions.Remove(r.Context(), sessionProvedAt)
			default:
				s.Fail(w, r, err)
				return
			}
		}
		ctx := context.WithValue(r.Context(), actorKey, actor)
		ctx = context.WithValue(ctx, deviceKey, device)
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, accessKey, &accessSeen{})))
	})
}

func (s *Server) tokenActor(ctx context.Context, token string) (setsafe.Actor, error) {
	bad := setsafe.Errorf(setsafe.EUnauthorized, "The API token is not valid; it may have been revoked or have expired.")
	id, secret, ok := setsafe.ParseAPIToken(token)
	if !ok {
		return setsafe.Actor{}, bad
	}
	h, err := s.Config.Credentials.APITokenHolder(ctx, id)
	if setsafe.ErrorCode(err) == setsafe.ENotFound {
		return setsafe.Actor{}, bad
	}
	if err != nil {
		return setsafe.Actor{}, err
	}
	if !setsafe.APITokenMatches(secret, h.Hash) || !h.Token.Usable(s.Config.Clock.Now()) || h.Account.Disabled {
		return setsafe.Actor{}, bad
	}
	return setsafe.AccountActor(h.Account.ID), nil
}

// SignIn checks an e-mail address and password and returns the account.
// Unknown addresses cost as much time as wrong passwords. A client that
// has failed waits before trying again, and is refused before the
// password is hashed (see signInLimits).
func (s *Server) SignIn(r *http.Request, email, password string) (acc *setsafe.Account, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	client := ClientKey(r)
	if err := s.logins.begin(r.Context(), client, email); err != nil {
		if s.refused(LimiterSignIn, err) {
			s.Config.Observer.SignInFailed(SignInRateLimited)
		}
		return nil, err
	}
	defer func() { s.logins.end(client, email, err) }()
	return s.checkPassword(r, client, email, password)
}

// checkPassword checks a password within the passwords' hashing budget.
func (s *Server) checkPassword(r *http.Request, client, email, password string) (*setsafe.Account, error) {
	wrong := setsafe.Errorf(setsafe.EUnauthorized, "The e-mail address or the password is wrong.")
	acc, err := s.Config.Records.AccountByEmail(r.Context(), email)
	if err != nil && setsafe.ErrorCode(err) != setsafe.ENotFound {
		return nil, err
	}
	hash := dummyHash()
	if acc != nil && !acc.Disabled {
		h, err := s.Config.Credentials.CredentialHash(r.Context(), setsafe.SiteLedger, setsafe.CredentialPassword, acc.ID)
		if err != nil && setsafe.ErrorCode(err) != setsafe.ENotFound {
			return nil, err
		}
		if err == nil {
			hash = h
		}
	}
	ok, err := s.Config.Hashing.Passwords.Verify(r.Context(), password, hash)
	if err != nil {
		// Not checked: no wrong password, and no failure to count.
		return nil, HashingError(err)
	}
	if !ok || acc == nil || acc.Disabled || hash == dummyHash() {
		reason := SignInWrongPassword
		switch {
		case acc == nil || hash == dummyHash():
			reason = SignInUnknownAccount
		case acc.Disabled:
			reason = SignInDisabledAccount
		}
		s.Config.Observer.SignInFailed(reason)
		s.log.Info("sign-in failed", "client", client)
		return nil, wrong
	}
	return acc, nil
}

// HashingError is the error of a slow hash that was not done: the
// request's context ended while it waited for its turn in the hashing
// budget (the server is busy, or the client went away), which the client
// may try again, or another error, such as a stored hash that cannot be
// read, which is the server's.
func HashingError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &setsafe.Error{Code: setsafe.EUnavailable, Message: "The server is busy; try again in a moment.", Err: err}
	}
	return err
}

// StartSession signs an account in on this browser, with a fresh session
// token, as one who has just proved the account's current password.
func (s *Server) StartSession(ctx context.Context, acc *setsafe.Account) error {
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	// The ledger's clock never runs backwards, so the password's time can
	// be a little ahead of this one's.
	proved := max(s.Config.Clock.Now().UnixMicro(), acc.PasswordSetAt.UnixMicro())
	s.Sessions.Put(ctx, SessionAccount, acc.ID)
	s.Sessions.Put(ctx, sessionProvedAt, proved)
	s.Sessions.Put(ctx, sessionDevice, newSessionDevice())
	return nil
}

var (
	dummyOnce sync.Once
	dummy     string
)

// dummyHash is a hash no password matches, verified when an account does not
// exist so that the answer takes as long as for a wrong password.
func dummyHash() string {
	dummyOnce.Do(func() { dummy, _ = argon2id.Hash(setsafe.NewID(), argon2id.Default) })
	return dummy
}

// ClientKey says who the client of a request is, for limits and logs:
// its address as worked out once per request, through trusted proxies
// (see clientOf), an IPv6 client by its /64 network. It is the one place
// that says so.
func ClientKey(r *http.Request) string {
	if c, ok := r.Context().Value(clientCtxKey{}).(string); ok {
		return c
	}
	a, _ := peerAddr(r)
	return clientKeyOf(a)
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
