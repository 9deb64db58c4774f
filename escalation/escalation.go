// Package escalation is setsafe's escalation clock: it finds the concerns
// whose step is late in the database and climbs each one rung up its
// production's ladder, as setsafe itself.
//
// Nothing is kept in timers: every tick asks storage for the concerns past
// their deadline, so a restarted server, or another server sharing the
// database, carries on where the last one stopped. Two servers may find the
// same late concern; [setsafe.EscalateConcern] records nothing when the
// concern is no longer due, so it climbs once.
package escalation

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/setsafe/setsafe"
)

// Actor is who the ledger records as escalating a concern.
var Actor = setsafe.SystemActor("escalation")

// Store is what the clock needs from storage; package sqldb implements it.
type Store interface {
	// LateConcerns returns up to limit open concerns past their deadline at
	// now with a rung left to climb, earliest first.
	LateConcerns(ctx context.Context, now time.Time, limit int) ([]setsafe.LateConcern, error)
	// SetAsideConcern stops returning a late concern that cannot climb,
	// until an entry changes it or its ladder.
	SetAsideConcern(ctx context.Context, c setsafe.LateConcern) error
	// Append carries out a request.
	Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error)
}

// Config configures a [Clock].
type Config struct {
	Store Store
	// Time tells the time; the system clock when nil.
	Time setsafe.Clock
	// Every is how often the clock looks for late concerns (1 s when zero).
	Every time.Duration
	// Workers is how many concerns climb at once (256 when zero, the most
	// one write transaction carries): the writer commits their entries
	// together.
	Workers int
	// Batch is how many late concerns one look reads (1,000 when zero).
	Batch  int
	Logger *slog.Logger
}

// Clock is the escalation clock.
type Clock struct {
	cfg Config
	log *slog.Logger
}

// New returns an escalation clock; call [Clock.Run] to start it.
func New(cfg Config) *Clock {
	if cfg.Time == nil {
		cfg.Time = setsafe.SystemClock{}
	}
	if cfg.Every <= 0 {
		cfg.Every = time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 256
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Clock{cfg: cfg, log: cfg.Logger}
}

// Run ticks every [Config.Every] until ctx ends.
func (c *Clock) Run(ctx context.Context) {
	t := time.NewTicker(c.cfg.Every)
	defer t.Stop()
	for {
		if _, err := c.Tick(ctx); err != nil && ctx.Err() == nil {
			c.log.Warn("escalation clock could not look for late concerns", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick climbs every concern late at the clock's time now one rung, and sets
// aside those with no rung left. It returns how many climbed.
func (c *Clock) Tick(ctx context.Context) (int, error) {
	now := c.cfg.Time.Now()
	climbed := 0
	for {
		late, err := c.cfg.Store.LateConcerns(ctx, now, c.cfg.Batch)
		if err != nil {
			return climbed, err
		}
		n, progress := c.climb(ctx, late)
		climbed += n
		if len(late) < c.cfg.Batch || !progress {
			return climbed, nil
		}
	}
}

// climb escalates late concerns, a few at once. progress says whether any
// of them left the list of late concerns (climbed or set aside).
func (c *Clock) climb(ctx context.Context, late []setsafe.LateConcern) (climbed int, progress bool) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan setsafe.LateConcern)
	for range min(c.cfg.Workers, len(late)) {
		wg.Go(func() {
			for lc := range work {
				evs, err := c.cfg.Store.Append(ctx, setsafe.On(lc.Ledger, Actor, setsafe.EscalateConcern{ID: lc.ID}))
				if err == nil && len(evs) == 0 {
					// Not due after all: climbed meanwhile by another server
					// (its deadline moved, and setting it aside changes
					// nothing), or it was raised before setsafe kept the
					// queue and has no rung left.
					err = c.cfg.Store.SetAsideConcern(ctx, lc)
				}
				mu.Lock()
				if err != nil {
					if ctx.Err() == nil {
						c.log.Warn("could not escalate a late concern", "production", lc.Ledger, "concern", lc.ID, "err", err)
					}
				} else {
					progress = true
					if len(evs) > 0 {
						climbed++
					}
				}
				mu.Unlock()
			}
		})
	}
	for _, lc := range late {
		select {
		case work <- lc:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	return climbed, progress
}
