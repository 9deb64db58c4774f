package escalation_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/escalation"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// runningClock stands still while a test builds its data, then runs at the
// speed of the wall clock from a chosen instant.
type runningClock struct {
	mu      sync.Mutex
	now     time.Time
	started time.Time // wall time when it started running; zero while still
}

func (c *runningClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started.IsZero() {
		return c.now
	}
	return c.now.Add(time.Since(c.started))
}

// set stops the clock at t.
func (c *runningClock) set(t time.Time) {
	c.mu.Lock()
	c.now, c.started = t, time.Time{}
	c.mu.Unlock()
}

// run starts the clock running from t.
func (c *runningClock) run(t time.Time) {
	c.mu.Lock()
	c.now, c.started = t, time.Now()
	c.mu.Unlock()
}

// loadProductions creates productions productions, each with a department
// head and a unit production manager on its ladder, and raises perStep
// concerns in each production at each of steps instants spread evenly over
// window: the concerns' deadlines to acknowledge are spread the same way,
// 30 minutes later (critical). It returns when the first deadline falls.
func loadProductions(tb testing.TB, db *sqldb.DB, clock *runningClock, productions, steps int, window time.Duration) time.Time {
	tb.Helper()
	start := storagetest.Epoch
	clock.set(start)
	ids := make([]string, productions)
	people := make([]string, productions)
	var wg sync.WaitGroup
	for p := range productions {
		ids[p] = fmt.Sprintf("show-%03d", p)
		people[p] = setsafe.NewID()
		wg.Go(func() {
			storagetest.MustAppend(tb, db, setsafe.CreateProductionRequest(storagetest.Operator, setsafe.CreateProduction{
				ID: ids[p], Name: fmt.Sprintf("Show %d", p), TimeZone: "America/Denver"}))
			head, upm := setsafe.NewID(), setsafe.NewID()
			storagetest.MustAppend(tb, db, setsafe.Request{Actor: storagetest.Operator, Steps: []setsafe.Step{
				{Ledger: ids[p], Command: setsafe.AddPerson{ID: people[p], PersonDetails: setsafe.PersonDetails{Name: "Crew"}, Roles: []setsafe.Role{setsafe.RoleCrew}}},
				{Ledger: ids[p], Command: setsafe.AddPerson{ID: head, PersonDetails: setsafe.PersonDetails{Name: "Head", Email: "head@example.com"}, Roles: []setsafe.Role{setsafe.RoleDepartmentHead}}},
				{Ledger: ids[p], Command: setsafe.AddPerson{ID: upm, PersonDetails: setsafe.PersonDetails{Name: "UPM", Email: "upm@example.com"}, Roles: []setsafe.Role{setsafe.RoleUPM}}},
			}})
		})
	}
	wg.Wait()
	for s := range steps {
		clock.set(start.Add(window * time.Duration(s) / time.Duration(steps)))
		for p := range productions {
			wg.Go(func() {
				storagetest.MustAppend(tb, db, setsafe.On(ids[p], setsafe.PersonActor(people[p]), setsafe.RaiseConcern{ID: setsafe.NewID(),
					Category: setsafe.CategoryEquipment, Severity: setsafe.SeverityCritical, Description: "Frayed cable across the walkway", Mode: setsafe.ReportNamed}))
			})
		}
		wg.Wait()
	}
	return start.Add(setsafe.DefaultClocks[setsafe.SeverityCritical].Acknowledge())
}

// lags returns, for every concern that climbed, how long after its
// deadline the escalation entry was recorded, sorted.
func lags(tb testing.TB, db *sqldb.DB) []time.Duration {
	tb.Helper()
	ack := setsafe.DefaultClocks[setsafe.SeverityCritical].Acknowledge().Microseconds()
	rows, err := db.ReadPool().QueryContext(context.Background(), `SELECT m.at_us - (c.raised_us + `+fmt.Sprint(ack)+`)
		FROM concern_messages m JOIN concerns c ON c.ledger_id = m.ledger_id AND c.id = m.concern_id WHERE m.kind = 'escalated'`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var us int64
		if err := rows.Scan(&us); err != nil {
			tb.Fatal(err)
		}
		out = append(out, time.Duration(us)*time.Microsecond)
	}
	slices.Sort(out)
	return out
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

// BenchmarkEscalationLag measures how late the escalation clock climbs
// concerns: 10,000 open critical concerns across 100 productions, their
// deadlines spread over a window (0: all at once), the clock running at
// wall speed with the server's default tick of one second. The target is
// every concern climbed within 5 s of its deadline. It then measures two
// ticks once the same 10,000 concerns are late again with no rung left.
//
//	go test ./escalation -run '^$' -bench EscalationLag -benchtime 1x
func BenchmarkEscalationLag(b *testing.B) {
	for _, bk := range storagetest.Backends() {
		for _, window := range []time.Duration{60 * time.Second, 0} {
			b.Run(fmt.Sprintf("%s/window=%s", bk.Name, window), func(b *testing.B) {
				for range b.N {
					escalationLag(b, bk, window)
				}
			})
		}
	}
}

func escalationLag(b *testing.B, bk storagetest.Backend, window time.Duration) {
	const productions, perProduction = 100, 100
	clock := &runningClock{}
	env := storagetest.NewEnv(b, bk, func(c *sqldb.Config) { c.Clock = clock })
	first := loadProductions(b, env.DB, clock, productions, perProduction, window)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	esc := escalation.New(escalation.Config{Store: env.DB, Time: clock})
	clock.run(first.Add(-time.Second))
	var wg sync.WaitGroup
	wg.Go(func() { esc.Run(ctx) })
	deadline := time.Now().Add(window + time.Minute)
	var got []time.Duration
	for time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
		if got = lags(b, env.DB); len(got) == productions*perProduction {
			break
		}
	}
	stop()
	wg.Wait()
	late := 0
	for _, d := range got {
		if d > 5*time.Second {
			late++
		}
	}
	b.ReportMetric(float64(len(got)), "climbed")
	b.ReportMetric(float64(percentile(got, 0.5).Milliseconds()), "p50-lag-ms")
	b.ReportMetric(float64(percentile(got, 0.99).Milliseconds()), "p99-lag-ms")
	b.ReportMetric(float64(percentile(got, 1).Milliseconds()), "max-lag-ms")
	b.ReportMetric(float64(late), "over-5s")
	if len(got) != productions*perProduction || late > 0 {
		b.Errorf("%d of %d concerns climbed, %d more than 5 s late", len(got), productions*perProduction, late)
	}

	// Late again at the unit production manager's rung, with no rung
	// left: they are not in the clock's queue, so ticks find nothing.
	clock.set(first.Add(window + time.Hour))
	t0 := time.Now()
	n, err := esc.Tick(context.Background())
	atTop := time.Since(t0)
	if err != nil || n != 0 {
		b.Fatalf("at the top: %d climbed, %v", n, err)
	}
	t0 = time.Now()
	if _, err := esc.Tick(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(atTop.Milliseconds()), "first-tick-at-top-ms")
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "next-tick-ms")
}
