package http

import (
	"context"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// Sign-in limits. Failed sign-ins are counted in memory for signInWindow:
// per client, per account (the e-mail address typed) and per client and
// account together. No account is ever locked: a client that has not
// failed signs in at once with the right password, whatever others do. A
// client that fails waits before its next try, longer after each failure;
// and failures on an account from many clients each count against every
// client that has failed on it, so that guessing spread over many clients
// still slows each of them.
const (
	signInWindow = 15 * time.Minute
	// freeFailures is how many times a client may fail on one account
	// before it waits between tries; freeClientFailures, on all accounts
	// together.
	freeFailures       = 3
	freeClientFailures = 10
	// accountPressure: each this many failures on an account, from any
	// client, count as one more failure of each client that failed on it.
	accountPressure = 20
	// signInsAtOnce is how many sign-ins of one client are checked at
	// once, so that no client fills the passwords' hashing budget; a
	// further one waits its turn for up to signInTurnWait (an office
	// behind one address signing in at nine), then is refused.
	signInsAtOnce  = 2
	signInTurnWait = 10 * time.Second
)

// signInLimits slows the guessing of passwords.
type signInLimits struct {
	clock setsafe.Clock
	mu    sync.Mutex
	fails attempts
	busy  map[string]int // sign-ins being checked, by client
	// turns are closed when a client's sign-in ends, to wake those
	// waiting for a turn.
	turns map[string]chan struct{}
}

func newSignInLimits(c setsafe.Clock) *signInLimits {
	return &signInLimits{clock: c, fails: newAttempts(signInWindow), busy: map[string]int{}, turns: map[string]chan struct{}{}}
}

func signInKeys(client, email string) (c, a, ca string) {
	return "c:" + client, "a:" + email, "ca:" + client + " " + email
}

// begin lets a client try to sign in to an account now, or refuses, saying
// how long to wait after its failures. While signInsAtOnce of the client's
// sign-ins are being checked it waits for a turn, until ctx ends or for
// signInTurnWait at most. The caller calls end with the outcome.
func (l *signInLimits) begin(ctx context.Context, client, email string) error {
	giveUp := time.NewTimer(signInTurnWait)
	defer giveUp.Stop()
	for {
		l.mu.Lock()
		if wait := l.wait(client, email); wait > 0 {
			l.mu.Unlock()
			return tooSoon(wait, "Too many failed sign-ins from here. Wait %s and try again, or ask a site administrator to reset the password.", inWords(wait))
		}
		if l.busy[client] < signInsAtOnce {
			l.busy[client]++
			l.mu.Unlock()
			return nil
		}
		turn := l.turns[client]
		if turn == nil {
			turn = make(chan struct{})
			l.turns[client] = turn
		}
		l.mu.Unlock()
		select {
		case <-turn:
		case <-giveUp.C:
			return tooSoon(time.Second, "Other sign-ins from here are being checked. Try again in a moment.")
		case <-ctx.Done():
			return HashingError(ctx.Err())
		}
	}
}

// end records how a sign-in begun ended: a wrong e-mail address or
// password (EUnauthorized) counts as a failure; signing in forgets the
// client's failures on the account; any other error, such as a password
// not checked because the server was busy, counts for nothing.
func (l *signInLimits) end(client, email string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.busy[client]--; l.busy[client] <= 0 {
		delete(l.busy, client)
	}
	if turn := l.turns[client]; turn != nil {
		close(turn)
		delete(l.turns, client)
	}
	c, a, ca := signInKeys(client, email)
	switch setsafe.ErrorCode(err) {
	case "":
		l.fails.forget(ca)
	case setsafe.EUnauthorized:
		l.fails.add(l.clock.Now(), c, a, ca)
	}
}

// wait is how long a client must wait before trying an account again.
func (l *signInLimits) wait(client, email string) time.Duration {
	now := l.clock.Now()
	c, a, ca := signInKeys(client, email)
	var until time.Time
	if n := l.fails.recent(ca, now); n > 0 {
		n += l.fails.recent(a, now) / accountPressure
		until = l.fails.last(ca).Add(backoff(n - freeFailures + 1))
	}
	if n := l.fails.recent(c, now); n > 0 {
		if t := l.fails.last(c).Add(backoff(n - freeClientFailures + 1)); t.After(until) {
			until = t
		}
	}
	return until.Sub(now)
}

// backoff is the wait after the n-th failure beyond the free ones: none,
// then a second, doubling up to the window.
func backoff(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	return min(time.Second<<min(n-1, 20), signInWindow)
}
