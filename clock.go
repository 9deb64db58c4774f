package setsafe

import (
	"sync"
	"time"
)

// Clock tells the time. Everything in setsafe that needs the time takes a
// Clock, so that tests and the demo can move it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that only moves when told to. It is safe for
// concurrent use. Tests use it to move time and deadlines.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock stopped at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// LedgerTime truncates t to the precision the ledger records (microseconds,
// UTC), so that a time read back from storage equals the time written.
func LedgerTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// AnonymousPrecision is how finely setsafe keeps the time of what an
// anonymous reporter does: to the minute. A time to the second could be
// matched with the moment a network, a phone or a camera logged the
// report, and so name the reporter.
const AnonymousPrecision = time.Minute

// AnonymousTime returns the time kept for something an anonymous reporter
// did at now: now to the minute, but never before notBefore (the ledger's
// last entry, or the entry something is about), so that the ledger's
// times never run backwards.
func AnonymousTime(now, notBefore time.Time) time.Time {
	at := LedgerTime(now).Truncate(AnonymousPrecision)
	if at.Before(notBefore) {
		at = notBefore
	}
	return at
}

// OnlyTheClock lets setsafe's own clock alone do what it names, such as
// "escalates a concern".
func OnlyTheClock(a Access, what string) error {
	if a.System {
		return nil
	}
	return Errorf(EForbidden, "Only setsafe's own clock %s.", what)
}
