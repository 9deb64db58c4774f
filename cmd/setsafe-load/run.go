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

// run sets the productions up (or finds them in the state file), prepares
// their day, runs the load for the configured duration, wraps, reads every
// acknowledged entry back and returns the report. Progress goes to log.
func run(ctx context.Context, cfg config, log io.Writer) (*report, error) {
	var logMu sync.Mutex
	logf := func(format string, args ...any) {
		logMu.Lock()
		fmt.Fprintf(log, "setsafe-load: "+format+"\n", args...)
		logMu.Unlock()
	}
	c := newClient(cfg.timeout)
	route := router{servers: cfg.servers, spread: cfg.spread}
	site := cfg.servers[0]

	var who sshttp.SessionView
	if _, err := c.call(ctx, site, cfg.token, "GET", "/api/v1/session", nil, http.StatusOK, &who); err != nil {
		return nil, fmt.Errorf("the administrator's token: %w", err)
	}
	if !who.Account.SiteAdmin {
		return nil, fmt.Errorf("the token is %s's, who is not a site administrator", who.Account.Email)
	}
	var key sshttp.VerifierKeyView
	if _, err := c.call(ctx, site, cfg.token, "GET", "/api/v1/verifier-key", nil, http.StatusOK, &key); err != nil {
		return nil, err
	}
	path := cfg.statePath
	if path == "" {
		path = defaultStatePath(key.Key, cfg.prefix)
	}
	st, err := loadState(path, key.Key, who.Account.ID)
	if err != nil {
		return nil, err
	}

	rec := newRecorder()
	prep := &preparer{c: c, rec: rec, admin: cfg.token, adminID: who.Account.ID, site: site, people: cfg.people, phones: cfg.phones, logf: logf}
	rep := &report{Productions: cfg.productions, People: cfg.people, Phones: cfg.phones, Servers: cfg.servers, Route: "production",
		Seed: cfg.seed, State: path, CPUs: runtime.NumCPU()}
	if cfg.spread {
		rep.Route = "spread"
	}

	// The productions: found in the state file, or set up anew.
	sets := make([]*set, cfg.productions)
	var missing []int
	for i := range sets {
		key := fmt.Sprintf("%s-%03d", cfg.prefix, i+1)
		pr := st.get(key)
		if pr != nil && pr.People == cfg.people && len(pr.Phones) == cfg.phones {
			exists, err := productionExists(ctx, c, route.home(i), cfg.token, pr.ID)
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
	start := time.Now()
	if len(missing) > 0 {
		logf("setting up %d productions of %d people (kept in %s)", len(missing), cfg.people, path)
	}
	var done int
	var doneMu sync.Mutex
	err = each(len(missing), cfg.workers, func(j int) error {
		i := missing[j]
		key := fmt.Sprintf("%s-%03d", cfg.prefix, i+1)
		id, err := freeID(ctx, c, route.home(i), cfg.token, key)
		if err != nil {
			return err
		}
		pr, err := prep.setUp(ctx, route.home(i), id, i+1)
		if err != nil {
			return fmt.Errorf("set up production %s: %w", id, err)
		}
		sets[i] = &set{pr: pr, index: i}
		doneMu.Lock()
		done++
		logf("set up %s (%d of %d, %.0f s)", id, done, len(missing), time.Since(start).Seconds())
		doneMu.Unlock()
		return st.put(key, pr)
	})
	if err != nil {
		return nil, err
	}
	rep.SetUp, rep.SetUpSeconds = len(missing), time.Since(start).Seconds()

	// The day: meeting, set-ups, the revolver in the armorer's hands.
	start = time.Now()
	err = each(len(sets), 8, func(i int) error {
		s := sets[i]
		q, err := prep.startDay(ctx, route.home(i), s.pr)
		if err != nil {
			return fmt.Errorf("prepare the day of %s: %w", s.pr.ID, err)
		}
		s.pr = q
		return st.put(fmt.Sprintf("%s-%03d", cfg.prefix, i+1), q)
	})
	if err != nil {
		return nil, err
	}
	rep.DaySeconds = time.Since(start).Seconds()
	for _, s := range sets {
		left, err := dayLeft(s.pr, time.Now())
		if err != nil {
			return nil, err
		}
		if left < cfg.duration+time.Minute {
			return nil, fmt.Errorf("the set's day of %s ends in %s, before the run would: run again after midnight in %s, or with another -prefix to set up new productions",
				s.pr.ID, left.Round(time.Second), s.pr.TimeZone)
		}
	}

	if cfg.prepareOnly {
		rep.OK = true
		return rep, nil
	}

	// The load.
	before := map[string]processSample{}
	for _, s := range cfg.servers {
		if before[s], err = c.sample(ctx, s, cfg.metricsToken); err != nil {
			return nil, err
		}
	}
	rep.LoadBefore = loadAverage()
	logf("running %d productions on %d %s for %s", cfg.productions, len(cfg.servers), plural(len(cfg.servers), "server", "servers"), cfg.duration)
	w := &workload{c: c, rec: rec, route: route, tablet: cfg.tablet, phone: cfg.phone, stopEvery: cfg.stopEvery, stopFor: cfg.stopFor,
		concernShare: cfg.concernShare, seed: cfg.seed}
	watch := c.watchMemory(cfg.servers, cfg.metricsToken, 2*time.Second)
	rec.measure(true)
	start = time.Now()
	stop := w.start(sets)
	select {
	case <-ctx.Done():
	case <-time.After(cfg.duration):
	}
	stop()
	window := time.Since(start)
	rec.measure(false)
	peaks := watch.end()
	rep.Seconds = window.Seconds()
	rep.LoadAfter = loadAverage()
	rep.Calls, rep.All = rec.stats(window)
	for _, s := range cfg.servers {
		after, err := c.sample(context.WithoutCancel(ctx), s, cfg.metricsToken)
		if err != nil {
			return nil, err
		}
		rep.ServerStats = append(rep.ServerStats, serverStats(s, before[s], after, peaks[s], rec.perServer[s]))
	}

	// The wrap, then every acknowledged entry read back, each production's
	// from a server other than its home when there are several.
	ctx = context.WithoutCancel(ctx)
	err = each(len(sets), 8, func(i int) error {
		if err := prep.wrap(ctx, route.home(i), sets[i].pr); err != nil {
			return fmt.Errorf("wrap %s: %w", sets[i].pr.ID, err)
		}
		return nil
	})
	if err != nil {
		rep.Problems = append(rep.Problems, err.Error())
	}
	reader := map[string]string{}
	for _, s := range sets {
		reader[s.pr.ID] = route.other(s.index)
	}
	rep.Writes.Acknowledged = len(rec.acks)
	rep.Writes.ReadBack, rep.Writes.Lost, err = c.readBack(ctx, rec.acks, cfg.token, func(ledger string) string {
		if s, ok := reader[ledger]; ok {
			return s
		}
		return site
	})
	if err != nil {
		return nil, fmt.Errorf("read back: %w", err)
	}
	rep.Problems = append(rep.Problems, rec.problems...)
	for i, s := range cfg.servers {
		rep.ServerStats[i].Health = c.health(ctx, s)
	}
	rep.Verify = verifyCommand(cfg.db, cfg.key)
	rep.OK = rep.All.Errors == 0 && len(rep.Writes.Lost) == 0 && len(rep.Problems) == 0
	for _, s := range rep.ServerStats {
		rep.OK = rep.OK && s.Health == "ok"
	}
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
