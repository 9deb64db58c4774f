package http

import (
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// personReports counts the reports (setsafe.Report) each signed-in person
// sent in each production, so that no account can flood a ledger with
// them: past setsafe.ReportsPerPerson within setsafe.ReportWindow, the
// report's PastLimit is decided instead.
//
// The count lives in this server's memory, not in the ledger's state. A
// confidential concern is recorded under the anonymous actor with a keyed
// seal so that nobody reading the ledger or the database can tell whose
// it is; a count kept beside the ledger would be written in the same
// transaction as the concern, under the reporter's name, and could not be
// rebuilt from the ledger without the seal's key. Here it is written
// nowhere, costs no database work per report, and is kept under a keyed
// hash of the person, to the minute. The price: each server counts alone,
// so when one production's requests are spread over n servers an account
// may send up to n times the limit, which is still a bound.
type personReports struct {
	clock setsafe.Clock
	hash  secretHash
	mu    sync.Mutex
	sent  attempts
}

func newPersonReports(c setsafe.Clock) *personReports {
	return &personReports{clock: c, hash: newSecretHash(), sent: newAttempts(setsafe.ReportWindow)}
}

// keyOf is the key an actor's reports in a production are counted under:
// a hash with a key that lives and dies with the process.
func (l *personReports) keyOf(productionID string, actor setsafe.Actor) string {
	return l.hash.of(productionID, actor.String())
}

// admit counts a report and returns true, or returns false without
// counting it when the key has sent the limit within the window.
func (l *personReports) admit(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now().Truncate(time.Minute)
	if l.sent.recent(key, now) >= setsafe.ReportsPerPerson {
		return false
	}
	l.sent.add(now, key)
	return true
}

// unsent forgets a counted report that recorded nothing.
func (l *personReports) unsent(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent.forgetLast(key)
}

// limitReport returns the command to append for c, sent by actor in a
// production: c itself, or, for a report past its sender's limit, what
// the domain decides instead. done, called with whether anything was
// recorded, forgets a counted report that recorded nothing.
func (s *Server) limitReport(productionID string, actor setsafe.Actor, c setsafe.Command) (_ setsafe.Command, done func(recorded bool), _ error) {
	rep, ok := c.(setsafe.Report)
	if !ok || actor.Kind != setsafe.ActorAccount && actor.Kind != setsafe.ActorPerson {
		// Anonymous reports have limits of their own, per client.
		return c, func(bool) {}, nil
	}
	key := s.reportsByPerson.keyOf(productionID, actor)
	if s.reportsByPerson.admit(key) {
		return c, func(recorded bool) {
			if !recorded {
				s.reportsByPerson.unsent(key)
			}
		}, nil
	}
	if c = rep.PastLimit(); c == nil {
		return nil, nil, setsafe.ErrTooManyReports
	}
	return c, func(bool) {}, nil
}
