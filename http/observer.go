package http

import "github.com/setsafe/setsafe"

// Observer counts the sign-ins that failed and the requests refused by the
// server's limits; package metrics implements it. Its methods must be safe
// for concurrent use and quick.
type Observer interface {
	// SignInFailed reports a sign-in with a password that failed, and why:
	// one of the SignIn reasons.
	SignInFailed(reason string)
	// RateLimited reports a request refused for now by one of the
	// Limiter limits.
	RateLimited(limiter string)
}

// Why a sign-in failed, as [Observer.SignInFailed] reports it.
const (
	// SignInWrongPassword: the account exists and the password is wrong.
	SignInWrongPassword = "wrong_password"
	// SignInUnknownAccount: no account has the e-mail address, or it has
	// no password.
	SignInUnknownAccount = "unknown_account"
	// SignInDisabledAccount: the account is disabled.
	SignInDisabledAccount = "disabled_account"
	// SignInRateLimited: the client failed too often, and waits before
	// its password is checked.
	SignInRateLimited = "rate_limited"
)

// SignInFailures are every reason [Observer.SignInFailed] gives.
var SignInFailures = []string{SignInWrongPassword, SignInUnknownAccount, SignInDisabledAccount, SignInRateLimited}

// The limits whose refusals [Observer.RateLimited] reports.
const (
	// LimiterSignIn slows a client that failed to sign in.
	LimiterSignIn = "sign_in"
	// LimiterAnonymousReports limits anonymous reports from a client and
	// to a production.
	LimiterAnonymousReports = "anonymous_reports"
	// LimiterReceiptCodes limits the receipt codes typed.
	LimiterReceiptCodes = "receipt_codes"
	// LimiterPersonReports limits the reports of a person signed in.
	LimiterPersonReports = "person_reports"
	// LimiterPINs locks a person's PIN after too many wrong ones: the
	// PIN that locks it, and each tried while it is locked.
	LimiterPINs = "pins"
)

// Limiters are every limit [Observer.RateLimited] names.
var Limiters = []string{LimiterSignIn, LimiterAnonymousReports, LimiterReceiptCodes, LimiterPersonReports, LimiterPINs}

type noObserver struct{}

func (noObserver) SignInFailed(string) {}
func (noObserver) RateLimited(string)  {}

// refused reports err to the observer as a refusal by limiter if it is
// one (ERateLimited), and says whether it is.
func (s *Server) refused(limiter string, err error) bool {
	if setsafe.ErrorCode(err) != setsafe.ERateLimited {
		return false
	}
	s.Config.Observer.RateLimited(limiter)
	return true
}
