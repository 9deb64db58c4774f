package metrics_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setsafe/setsafe"
	"github.com/setsafe/setsafe/argon2id"
	"github.com/setsafe/setsafe/buildinfo"
	"github.com/setsafe/setsafe/escalation"
	"github.com/setsafe/setsafe/gate"
	sshttp "github.com/setsafe/setsafe/http"
	"github.com/setsafe/setsafe/http/api"
	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/metrics/metricstest"
	"github.com/setsafe/setsafe/notify"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"
)

// scrape reads a server's /metrics: each sample's value, by its name and
// labels as written ("name{a=\"b\"}"), and the names of the families.
func scrape(t testing.TB, url string) (samples map[string]float64, families map[string]bool) {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %s", resp.StatusCode, body)
	}
	samples, families = map[string]float64{}, map[string]bool{}
	for line := range strings.Lines(string(body)) {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			families[strings.Fields(rest)[0]] = true
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("a sample that is not a number: %q", line)
		}
		samples[line[:i]] = v
	}
	return samples, families
}

// TestObserved serves the metrics of a real database and server with every
// observer wired as setsafe serve wires them, and checks what each says
// as concerns are raised and escalated, notifications wait and are sent,
// sign-ins fail and verification runs.
func TestObserved(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			var m *metrics.Metrics
			env := storagetest.NewEnv(t, b, func(c *sqldb.Config) {
				if m == nil {
					m = metrics.New(metrics.Options{Clock: c.Clock, Build: buildinfo.Build{Version: "v9.9.9", Commit: "0123abc", GoVersion: runtime.Version()},
						AlertKinds: gate.AlertKinds, Rungs: setsafe.Rungs, SignInFailures: sshttp.SignInFailures, Limiters: sshttp.Limiters})
				}
				c.Observer = m
			})
			db := env.DB
			dataDir := ""
			if file, ok := strings.CutPrefix(env.Location, "sqlite:"); ok {
				dataDir = filepath.Dir(file)
			}
			m.Watch(metrics.Sources{
				Outbox: func(ctx context.Context) ([]metrics.Pending, error) {
					pending, err := db.PendingNotifications(ctx)
					out := make([]metrics.Pending, len(pending))
					for i, p := range pending {
						out[i] = metrics.Pending{Channel: p.Channel, Messages: p.Messages, Oldest: p.Oldest}
					}
					return out, err
				},
				Pools:   map[string]*sql.DB{"write": db.WritePool(), "read": db.ReadPool()},
				DataDir: dataDir,
			})
			srv, err := sshttp.New(sshttp.Config{Ledger: db, Records: db, Credentials: db, Armory: db, Sessions: db.Sessions(), Clock: env.Clock,
				Metrics: m, Logger: slog.New(slog.DiscardHandler), PasswordHash: fast, PINHash: fast, Version: "v9.9.9"}, api.Mount)
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			defer ts.Close()

			want := func(samples map[string]float64, sample string, v float64) {
				t.Helper()
				if got, ok := samples[sample]; !ok || got != v {
					t.Errorf("%s = %v (served: %v), want %v", sample, got, ok, v)
				}
			}
			// From the start: the build, verification failures and the
			// counters at zero, an empty outbox.
			got, _ := scrape(t, ts.URL)
			want(got, `setsafe_build_info{goversion="`+runtime.Version()+`",revision="0123abc",version="v9.9.9"}`, 1)
			for _, kind := range []string{"site", "production"} {
				want(got, `setsafe_verify_failures_total{ledger="`+kind+`"}`, 0)
			}
			for _, ch := range []string{"email", "webhook"} {
				want(got, `setsafe_outbox_pending_messages{channel="`+ch+`"}`, 0)
				want(got, `setsafe_outbox_oldest_pending_age_seconds{channel="`+ch+`"}`, 0)
				want(got, `setsafe_outbox_delivery_failures_total{channel="`+ch+`"}`, 0)
			}
			want(got, `setsafe_escalations_total{item="concern",rung="producer"}`, 0)
			want(got, `setsafe_signin_failures_total{reason="unknown_account"}`, 0)
			if _, ok := got[`setsafe_verify_last_success_timestamp_seconds{ledger="site"}`]; ok {
				t.Error("a verification's success is served before any verification ran")
			}
			if dataDir != "" && runtime.GOOS == "linux" {
				free, size := got["setsafe_data_free_bytes"], got["setsafe_data_size_bytes"]
				if free <= 0 || size <= 0 || free > size {
					t.Errorf("the data directory's disk: %v free of %v", free, size)
				}
			}
			if got[`go_sql_max_open_connections{db_name="read"}`] < 1 {
				t.Errorf("the read pool's connections are not measured: %v", got)
			}

			// A critical concern: the department head is told by e-mail,
			// which waits in the outbox and ages.
			ids := storagetest.Seed(t, db)
			hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
			defer hooks.Close()
			head := setsafe.NewID()
			storagetest.MustAppend(t, db, setsafe.On("red-mesa", storagetest.Operator, setsafe.AddPerson{ID: head,
				PersonDetails: setsafe.PersonDetails{Name: "Tomas Reyes", Email: "tomas@example.com"}, Roles: []setsafe.Role{setsafe.RoleDepartmentHead}}))
			storagetest.MustAppend(t, db, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetLadder{Rungs: []setsafe.LadderRungSetting{
				{Rung: setsafe.RungProducer, Contact: "Dana Whitfield", Webhook: hooks.URL}}}))
			storagetest.MustAppend(t, db, setsafe.On("red-mesa", storagetest.Operator, setsafe.SetWebhookSecret{Secret: "production-secret"}))
			storagetest.MustAppend(t, db, setsafe.On("red-mesa", setsafe.PersonActor(ids["cast"]), setsafe.RaiseConcern{ID: setsafe.NewID(),
				Category: setsafe.CategoryFirearms, Severity: setsafe.SeverityCritical, Description: "Rounds left on the props cart", Mode: setsafe.ReportNamed}))
			env.Clock.Advance(31 * time.Minute)
			got, _ = scrape(t, ts.URL)
			want(got, `setsafe_outbox_pending_messages{channel="email"}`, 1)
			want(got, `setsafe_outbox_oldest_pending_age_seconds{channel="email"}`, 31*60)
			want(got, `setsafe_outbox_pending_messages{channel="webhook"}`, 0)

			// Nobody acknowledged it: it climbs to the producer, whose
			// webhook is called.
			clock := escalation.New(escalation.Config{Store: db, Time: env.Clock, Observer: m})
			if n, err := clock.Tick(ctx); err != nil || n != 1 {
				t.Fatalf("escalation: %d climbed, %v", n, err)
			}
			got, _ = scrape(t, ts.URL)
			want(got, `setsafe_escalations_total{item="concern",rung="producer"}`, 1)
			want(got, `setsafe_outbox_pending_messages{channel="webhook"}`, 1)
			want(got, `setsafe_outbox_oldest_pending_age_seconds{channel="webhook"}`, 0)

			// The sender, without a mail server: the e-mail fails and is
			// tried again later, the webhook is sent.
			sender := notify.New(notify.Config{Outbox: db, Time: env.Clock, Observer: m, Logger: slog.New(slog.DiscardHandler)})
			if n, err := sender.Tick(ctx); err != nil || n != 1 {
				t.Fatalf("sender: %d delivered, %v", n, err)
			}
			got, _ = scrape(t, ts.URL)
			want(got, `setsafe_outbox_deliveries_total{channel="webhook"}`, 1)
			want(got, `setsafe_outbox_delivery_failures_total{channel="email"}`, 1)
			want(got, `setsafe_outbox_pending_messages{channel="email"}`, 1)
			want(got, `setsafe_outbox_pending_messages{channel="webhook"}`, 0)

			// Sign-ins to no account: three fail, the fourth waits.
			for range 4 {
				resp, err := http.Post(ts.URL+"/api/v1/session", "application/json", strings.NewReader(`{"email":"nobody@example.com","password":"not-this-one"}`))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			got, _ = scrape(t, ts.URL)
			want(got, `setsafe_signin_failures_total{reason="unknown_account"}`, 3)
			want(got, `setsafe_signin_failures_total{reason="rate_limited"}`, 1)
			want(got, `setsafe_rate_limit_refusals_total{limiter="sign_in"}`, 1)

			// Verification of every ledger passes, at the clock's time.
			if rep, err := db.Verify(ctx, env.Signer.Verifier(), ""); err != nil || !rep.OK() {
				t.Fatalf("verify: %+v, %v", rep, err)
			}
			got, _ = scrape(t, ts.URL)
			for _, kind := range []string{"site", "production"} {
				want(got, `setsafe_verify_last_success_timestamp_seconds{ledger="`+kind+`"}`, float64(env.Clock.Now().UnixNano())/1e9)
				want(got, `setsafe_verify_failures_total{ledger="`+kind+`"}`, 0)
			}

			// A production's ledger rewritten: it fails, the site's passes.
			b.AllowTampering(t, db.WritePool())
			storagetest.RewriteEntries(t, db, db.WritePool(), 4, func(e *setsafe.Event) {
				if added, ok := e.Body.(*setsafe.PersonAdded); ok {
					added.Name = "Someone Else"
				} else {
					t.Fatalf("entry 4 of red-mesa is a %T, not a person added", e.Body)
				}
			})
			before := float64(env.Clock.Now().UnixNano()) / 1e9
			env.Clock.Advance(time.Hour)
			if rep, err := db.Verify(ctx, env.Signer.Verifier(), ""); err != nil || rep.OK() {
				t.Fatalf("verify a rewritten ledger: %+v, %v", rep, err)
			}
			got, _ = scrape(t, ts.URL)
			want(got, `setsafe_verify_failures_total{ledger="production"}`, 1)
			want(got, `setsafe_verify_failures_total{ledger="site"}`, 0)
			want(got, `setsafe_verify_last_success_timestamp_seconds{ledger="production"}`, before)
			want(got, `setsafe_verify_last_success_timestamp_seconds{ledger="site"}`, float64(env.Clock.Now().UnixNano())/1e9)

			// Every name listed is served, and every setsafe_ name served
			// is listed.
			_, families := scrape(t, ts.URL)
			metricstest.CheckServed(t, families)

			// A database that does not answer leaves the outbox out of the
			// scrape, which goes on, counting the error.
			db.Close()
			got, families = scrape(t, ts.URL)
			if families["setsafe_outbox_pending_messages"] {
				t.Error("the outbox is served while the database is closed")
			}
			// A scrape gathers its collectors at once: the error it
			// counts is served by the next.
			got, _ = scrape(t, ts.URL)
			if n := got[`setsafe_collect_errors_total{collector="outbox"}`]; n < 1 {
				t.Errorf("outbox errors counted: %v, want at least 1", n)
			}
			if !families["setsafe_build_info"] {
				t.Error("a scrape with the database closed serves nothing else")
			}
		})
	}
}

// fast makes password hashes quick for tests.
var fast = argon2id.Params{Memory: 64, Time: 1, Threads: 1}

// TestLedgerKinds checks that verification's counters start at zero for
// every kind of ledger the database reports on.
func TestLedgerKinds(t *testing.T) {
	if !slices.Equal(metrics.LedgerKinds, sqldb.LedgerKinds) {
		t.Fatalf("metrics start the kinds %v, and the database reports %v", metrics.LedgerKinds, sqldb.LedgerKinds)
	}
}
