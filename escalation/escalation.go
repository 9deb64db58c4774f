// Package escalation is setsafe's escalation clock: it finds the concerns
// and alerts whose step is late in the database and climbs each one rung up
// its production's ladder, and the productions whose watch is due and
// raises or resolves their alerts, as setsafe itself.
//
// Nothing is kept in timers: every tick asks storage for the items past
// their deadline, so a restarted server, or another server sharing the
// database, carries on where the last one stopped. Two servers may find the
// same late item; [setsafe.EscalateConcern], [setsafe.EscalateAlert] and
// [setsafe.WatchFirearms] record nothing when it is no longer due, so it
// happens once.
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
	// DueItems returns up to limit items past their deadline at now,
	// earliest first: concerns and alerts with a rung left to climb, and
	// productions whose watch is due.
	DueItems(ctx context.Context, now time.Time, limit int) ([]setsafe.ClockItem, error)
	// SetAside stops returning a due item that was not due after all,
	// until an entry changes it.
	SetAside(ctx context.Context, c setsafe.ClockItem) error
	// Append carries out a request.
	Append(ctx context.Context, req setsafe.Request) ([]setsafe.Event, error)
}

// Observer counts what the clock raises and climbs; package metrics
// implements it. Its methods must be safe for concurrent use and quick.
type Observer interface {
	// AlertRaised reports an alert raised by a watched rule, by its kind
	// (one of gate.AlertKinds).
	AlertRaised(kind string)
	// Escalated reports a concern or an alert (item) that climbed to a
	// rung of the ladder (one of setsafe.Rungs).
	Escalated(item, rung string)
}

type noObserver struct{}

func (noObserver) AlertRaised(string)       {}
func (noObserver) Escalated(string, string) {}

// Config configures a [Clock].
type Config struct {
	Store Store
	// Time tells the time; the system clock when nil.
	Time setsafe.Clock
	// Every is how often the clock looks for late concerns (1 s when zero).
	Every time.Duration
	// Workers is how many requests climb concerns at once (16 when zero);
	// each carries up to 100 concerns of one production, and the writer
	// commits requests that wait together.
	Workers int
	// Batch is how many late concerns one look reads (1,000 when zero).
	Batch int
	// Observer counts alerts raised and rungs climbed. Optional.
	Observer Observer
	Logger   *slog.Logger
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
		cfg.Workers = 16
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
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
		late, err := c.cfg.Store.DueItems(ctx, now, c.cfg.Batch)
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

// perRequest is how many concerns of one production climb in one request:
// the writer reads and locks each production once per transaction, so a
// burst of late concerns climbs in a few transactions.
const perRequest = 100

// climb escalates late concerns, a few requests at once, the concerns of
// one production together. progress says whether any of them left the
// list of late concerns (climbed or set aside).
func (c *Clock) climb(ctx context.Context, late []setsafe.ClockItem) (climbed int, progress bool) {
	var groups [][]setsafe.ClockItem
	at := map[string]int{}
	for _, lc := range late {
		i, ok := at[lc.Ledger]
		if !ok || len(groups[i]) == perRequest {
			i = len(groups)
			at[lc.Ledger] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], lc)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan []setsafe.ClockItem)
	for range min(c.cfg.Workers, len(groups)) {
		wg.Go(func() {
			for g := range work {
				n, ok := c.climbTogether(ctx, g)
				mu.Lock()
				climbed += n
				progress = progress || ok
				mu.Unlock()
			}
		})
	}
	for _, g := range groups {
		select {
		case work <- g:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	return climbed, progress
}

// climbTogether escalates late concerns of one production in one request,
// or one by one if the request fails.
func (c *Clock) climbTogether(ctx context.Context, g []setsafe.ClockItem) (climbed int, progress bool) {
	req := setsafe.Request{Actor: Actor}
	for _, lc := range g {
		req.Steps = append(req.Steps, setsafe.Step{Ledger: lc.Ledger, Command: setsafe.ClockCommand(lc.Item)})
	}
	evs, err := c.cfg.Store.Append(ctx, req)
	if err != nil && len(g) > 1 {
		// One concern may be at fault (gone, say): each on its own.
		for _, lc := range g {
			n, ok := c.climbTogether(ctx, []setsafe.ClockItem{lc})
			climbed += n
			progress = progress || ok
		}
		return climbed, progress
	}
	if err != nil && setsafe.ErrorCode(err) == setsafe.ENotFound {
		// No such concern, or no such production: nothing will climb.
		evs, err = nil, nil
	}
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("could not escalate a late concern", "production", g[0].Ledger, "item", g[0].Item, "err", err)
		}
		return 0, false
	}
	c.observe(evs)
	up := setsafe.ClockItemsMoved(evs)
	for _, lc := range g {
		if up[lc.Item] {
			continue
		}
		// Not due after all: climbed meanwhile by another server (its
		// deadline moved, and setting it aside changes nothing), or it was
		// raised before setsafe kept the queue and has no rung left.
		if err := c.cfg.Store.SetAside(ctx, lc); err != nil {
			if ctx.Err() == nil {
				c.log.Warn("could not set aside a late concern", "production", lc.Ledger, "item", lc.Item, "err", err)
			}
			continue
		}
	}
	return len(up), true
}

// observe reports the alerts raised and the rungs climbed among events
// the clock recorded.
func (c *Clock) observe(evs []setsafe.Event) {
	rung := func(i int64) string {
		if i < 0 || i >= int64(len(setsafe.Rungs)) {
			return "unknown"
		}
		return setsafe.Rungs[i]
	}
	for _, e := range evs {
		switch b := e.Body.(type) {
		case *setsafe.AlertRaised:
			c.cfg.Observer.AlertRaised(b.Kind)
		case *setsafe.AlertEscalated:
			c.cfg.Observer.Escalated("alert", rung(b.Rung))
		case *setsafe.ConcernEscalated:
			c.cfg.Observer.Escalated("concern", rung(b.Rung))
		}
	}
}
