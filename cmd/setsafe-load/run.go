package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	sshttp "github.com/setsafe/setsafe/http"
)

// runner is one run of the load generator: what it was asked, the state it
// keeps between runs, and what it recorded.
type runner struct {
	cfg   config
	c     *client
	route router
	st    *state
	rec   *recorder
	prep  *preparer
	rep   *report
	logf  func(format string, args ...any)
}

// run sets the productions up (or finds them in the state file), prepares
// their day, runs the load for the configured duration, wraps, reads every
// acknowledged entry back and returns the report. Progress goes to log.
func run(ctx context.Context, cfg config, log io.Writer) (*report, error) {
	r, err := newRunner(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	sets, err := r.productions(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.startDays(ctx, sets); err != nil {
		return nil, err
	}
	if cfg.prepareOnly {
		r.rep.OK = true
		return r.rep, nil
	}
	if err := r.measure(ctx, sets); err != nil {
		return nil, err
	}
	// A run interrupted while measuring still wraps and reads back.
	return r.finish(context.WithoutCancel(ctx), sets)
}

// newRunner checks the administrator's token and reads the site's state.
func newRunner(ctx context.Context, cfg config, log io.Writer) (*runner, error) {
	var logMu sync.Mutex
	r := &runner{cfg: cfg, c: newClient(cfg.timeout), route: router{servers: cfg.servers, spread: cfg.spread}, rec: newRecorder(),
		logf: func(format string, args ...any) {
			logMu.Lock()
			fmt.Fprintf(log, "setsafe-load: "+format+"\n", args...)
			logMu.Unlock()
		}}
	site := cfg.servers[0]
	var who sshttp.SessionView
	if _, err := r.c.call(ctx, site, cfg.token, "GET", "/api/v1/session", nil, http.StatusOK, &who); err != nil {
		return nil, fmt.Errorf("the administrator's token: %w", err)
	}
	if !who.Account.SiteAdmin {
		return nil, fmt.Errorf("the token is %s's, who is not a site administrator", who.Account.Email)
	}
	var key sshttp.VerifierKeyView
	if _, err := r.c.call(ctx, site, cfg.token, "GET", "/api/v1/verifier-key", nil, http.StatusOK, &key); err != nil {
		return nil, err
	}
	path := cfg.statePath
	if path == "" {
		path = defaultStatePath(key.Key, cfg.prefix)
	}
	var err error
	if r.st, err = loadState(path, key.Key, who.Account.ID); err != nil {
		return nil, err
	}
	r.prep = &preparer{c: r.c, rec: r.rec, admin: cfg.token, adminID: who.Account.ID, site: site, people: cfg.people, phones: cfg.phones}
	r.rep = &report{Productions: cfg.productions, People: cfg.people, Phones: cfg.phones, Servers: cfg.servers, Route: "production",
		Seed: cfg.seed, State: path, CPUs: runtime.NumCPU()}
	if cfg.spread {
		r.rep.Route = "spread"
	}
	return r, nil
}

// key is the name under which the state file keeps the i-th production.
func (r *runner) key(i int) string { return fmt.Sprintf("%s-%03d", r.cfg.prefix, i+1) }

// productions returns the productions to load: those of the state file
// that their servers still know, and new ones set up for the others.
func (r *runner) productions(ctx context.Context) ([]*set, error) {
	sets := make([]*set, r.cfg.productions)
	var missing []int
	for i := range sets {
		pr := r.st.get(r.key(i))
		if pr != nil && pr.People == r.cfg.people && len(pr.Phones) == r.cfg.phones {
			exists, err := productionExists(ctx, r.c, r.route.home(i), r.cfg.token, pr.ID)
			if err != nil {
				return nil, err
			}
			if exists {
				sets[i] = &set{pr: pr, index: i}
				continue
			}
		}
		missing = append(missing, i)
	}
	if len(missing) == 0 {
		return sets, nil
	}
	r.logf("setting up %d productions of %d people (kept in %s)", len(missing), r.cfg.people, r.st.path)
	start := time.Now()
	var mu sync.Mutex
	done := 0
	err := each(len(missing), r.cfg.workers, func(j int) error {
		i := missing[j]
		id, err := freeID(ctx, r.c, r.route.home(i), r.cfg.token, r.key(i))
		if err != nil {
			return err
		}
		pr, err := r.prep.setUp(ctx, r.route.home(i), id, i+1)
		if err != nil {
			return fmt.Errorf("set up production %s: %w", id, err)
		}
		sets[i] = &set{pr: pr, index: i}
		mu.Lock()
		done++
		r.logf("set up %s (%d of %d, %.0f s)", id, done, len(missing), time.Since(start).Seconds())
		mu.Unlock()
		return r.st.put(r.key(i), pr)
	})
	r.rep.SetUp, r.rep.SetUpSeconds = len(missing), time.Since(start).Seconds()
	return sets, err
}

// startDays prepares every production's day, and checks that the day
// outlasts the run.
func (r *runner) startDays(ctx context.Context, sets []*set) error {
	start := time.Now()
	err := each(len(sets), 8, func(i int) error {
		s := sets[i]
		q, err := r.prep.startDay(ctx, r.route.home(i), s.pr)
		if err != nil {
			return fmt.Errorf("prepare the day of %s: %w", s.pr.ID, err)
		}
		s.pr = q
		return r.st.put(r.key(i), q)
	})
	if err != nil {
		return err
	}
	r.rep.DaySeconds = time.Since(start).Seconds()
	for _, s := range sets {
		left, err := dayLeft(s.pr, time.Now())
		if err != nil {
			return err
		}
		if left < r.cfg.duration+time.Minute {
			return fmt.Errorf("the set's day of %s ends in %s, before the run would: run again after midnight in %s, or with another -prefix to set up new productions",
				s.pr.ID, left.Round(time.Second), s.pr.TimeZone)
		}
	}
	return nil
}

// measure runs every production's devices for the configured duration, or
// until ctx ends, and records the calls and the servers' CPU and memory.
func (r *runner) measure(ctx context.Context, sets []*set) error {
	before := map[string]processSample{}
	for _, s := range r.cfg.servers {
		var err error
		if before[s], err = r.c.sample(ctx, s, r.cfg.metricsToken); err != nil {
			return err
		}
	}
	r.rep.LoadBefore = loadAverage()
	r.logf("running %d productions on %d %s for %s", len(sets), len(r.cfg.servers), plural(len(r.cfg.servers), "server", "servers"), r.cfg.duration)
	w := &workload{c: r.c, rec: r.rec, route: r.route, tablet: r.cfg.tablet, phone: r.cfg.phone, stopEvery: r.cfg.stopEvery, stopFor: r.cfg.stopFor,
		concernShare: r.cfg.concernShare, seed: r.cfg.seed}
	watch := r.c.watchMemory(r.cfg.servers, r.cfg.metricsToken, 2*time.Second)
	r.rec.measure(true)
	start := time.Now()
	stop := w.start(sets)
	select {
	case <-ctx.Done():
	case <-time.After(r.cfg.duration):
	}
	stop()
	window := time.Since(start)
	r.rec.measure(false)
	peaks := watch.end()
	r.rep.Seconds = window.Seconds()
	r.rep.LoadAfter = loadAverage()
	r.rep.Calls, r.rep.All = r.rec.stats(window)
	for _, s := range r.cfg.servers {
		after, err := r.c.sample(context.WithoutCancel(ctx), s, r.cfg.metricsToken)
		if err != nil {
			return err
		}
		r.rep.ServerStats = append(r.rep.ServerStats, serverStats(s, before[s], after, peaks[s], r.rec.perServer[s]))
	}
	return nil
}

// finish wraps every production, reads every acknowledged entry back (each
// production's from a server other than its home, when there are several)
// and asks each server whether it is healthy.
func (r *runner) finish(ctx context.Context, sets []*set) (*report, error) {
	rep := r.rep
	err := each(len(sets), 8, func(i int) error {
		if err := r.prep.wrap(ctx, r.route.home(i), sets[i].pr); err != nil {
			return fmt.Errorf("wrap %s: %w", sets[i].pr.ID, err)
		}
		return nil
	})
	if err != nil {
		rep.Problems = append(rep.Problems, err.Error())
	}
	reader := map[string]string{}
	for _, s := range sets {
		reader[s.pr.ID] = r.route.other(s.index)
	}
	rep.Writes.Acknowledged = len(r.rec.acks)
	rep.Writes.ReadBack, rep.Writes.Lost, err = r.c.readBack(ctx, r.rec.acks, r.cfg.token, func(ledger string) string {
		if s, ok := reader[ledger]; ok {
			return s
		}
		return r.prep.site
	})
	if err != nil {
		return nil, fmt.Errorf("read back: %w", err)
	}
	rep.Problems = append(rep.Problems, r.rec.problems...)
	for i, s := range r.cfg.servers {
		rep.ServerStats[i].Health = r.c.health(ctx, s)
	}
	rep.Verify = verifyCommand(r.cfg.db, r.cfg.key)
	rep.OK = len(rep.failures()) == 0
	return rep, nil
}

// productionExists says whether the server knows a production.
func productionExists(ctx context.Context, c *client, server, token, id string) (bool, error) {
	a, err := c.call(ctx, server, token, "GET", "/api/v1/productions/"+id, nil, http.StatusOK, nil)
	if ae, ok := errors.AsType[*apiError](err); ok && ae.status == http.StatusNotFound {
		return false, nil
	}
	return a.status == http.StatusOK, err
}

// freeID returns the first of key, key-2, key-3 … that no production has:
// a production half set up by an interrupted run is left as it is.
func freeID(ctx context.Context, c *client, server, token, key string) (string, error) {
	for n := 1; ; n++ {
		id := key
		if n > 1 {
			id = fmt.Sprintf("%s-%d", key, n)
		}
		exists, err := productionExists(ctx, c, server, token, id)
		if err != nil || !exists {
			return id, err
		}
	}
}

// verifyCommand says how to check the ledgers after the run.
func verifyCommand(db, key string) string {
	if db == "" {
		db = "DATABASE"
	}
	if strings.HasPrefix(db, "postgres") {
		db = "'" + db + "'"
	}
	cmd := "setsafe verify --db " + db
	if key != "" {
		cmd += " --key " + key
	} else {
		cmd += " --key KEYFILE"
	}
	return cmd
}
