package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/setsafe/setsafe/metrics"
	"github.com/setsafe/setsafe/sqldb"
	"github.com/setsafe/setsafe/storagetest"

	sshttp "github.com/setsafe/setsafe/http"
)

// TestReadiness checks that /readyz says whether the server can take work,
// and why not, while /healthz, which asks nothing of the database, says
// the process is up whatever the database does.
func TestReadiness(t *testing.T) {
	for _, b := range storagetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			env := storagetest.NewEnv(t, b)
			check := func(t *testing.T, ts *testServer, wantReady int, wantReason string) {
				t.Helper()
				status, body := ts.call(t, "", "GET", "/readyz", "")
				v := decode[sshttp.HealthView](t, body)
				if status != wantReady || v.Reason != wantReason {
					t.Errorf("readyz: %d %s, want %d with reason %q", status, body, wantReady, wantReason)
				}
				if wantReady != http.StatusOK && (v.Status != "unavailable" || v.Message == "") {
					t.Errorf("readyz of a server not ready says neither that nor why: %s", body)
				}
				status, body = ts.call(t, "", "GET", "/healthz", "")
				if status != http.StatusOK || decode[sshttp.HealthView](t, body).Status != "ok" {
					t.Errorf("healthz: %d %s, want 200 ok", status, body)
				}
			}

			t.Run("ready", func(t *testing.T) {
				check(t, serveOn(t, env, env.DB, metrics.New(metrics.Options{}), ""), http.StatusOK, "")
			})
			t.Run("no signing key", func(t *testing.T) {
				cfg := env.Config()
				cfg.Signer = nil
				db := b.Open(t, env.Location, cfg)
				check(t, serveOn(t, env, db, nil, ""), http.StatusServiceUnavailable, sqldb.NotReadySigningKey)
			})
			t.Run("migrations missing", func(t *testing.T) {
				db := env.Reopen(t)
				ts := serveOn(t, env, db, nil, "")
				pool := db.WritePool()
				var latest int64
				if err := pool.QueryRow("SELECT MAX(version_id) FROM goose_db_version").Scan(&latest); err != nil {
					t.Fatal(err)
				}
				// The database as a build without the latest migration left it.
				if _, err := pool.Exec(db.Dialect().Rebind("UPDATE goose_db_version SET version_id = -version_id WHERE version_id = ?"), latest); err != nil {
					t.Fatal(err)
				}
				defer pool.Exec(db.Dialect().Rebind("UPDATE goose_db_version SET version_id = ? WHERE version_id = ?"), latest, -latest)
				check(t, ts, http.StatusServiceUnavailable, sqldb.NotReadyMigrations)
			})
			t.Run("database closed", func(t *testing.T) {
				db := env.Reopen(t)
				ts := serveOn(t, env, db, nil, "")
				check(t, ts, http.StatusOK, "")
				db.Close()
				check(t, ts, http.StatusServiceUnavailable, sqldb.NotReadyDatabase)
			})
		})
	}
}

// TestPINLimitCounted locks a PIN with wrong ones and checks that the
// metrics count the refusals of the PIN limit: the PIN that locks it, and
// each tried while it is locked.
func TestPINLimitCounted(t *testing.T) {
	ts := newTestServer(t, storagetest.SQLite(), "")
	ts.seed(t)
	prod := "/api/v1/productions/red-mesa"
	cast := ts.ids["cast"]
	must := ts.caller(t)
	must("producer", "PUT", prod+"/people/"+cast+"/pin", `{"pin":"2468"}`, http.StatusOK)
	meeting := decode[sshttp.RecordedResult](t, must("first_ad", "POST", prod+"/meetings", `{"covered_topics":`+firearmTopicsJSON+`,"walk_through":true}`, http.StatusCreated))
	attend := func() int {
		status, _ := ts.call(t, "first_ad", "POST", prod+"/meetings/"+meeting.ID+"/attendance", `{"person_id":"`+cast+`","pin":"0000"}`)
		return status
	}
	refused := 0
	for range 10 {
		if attend() == http.StatusTooManyRequests {
			refused++
			break
		}
	}
	if refused == 0 {
		t.Fatal("ten wrong PINs did not lock the PIN")
	}
	if status := attend(); status != http.StatusTooManyRequests {
		t.Fatalf("a PIN tried while locked: %d", status)
	}
	_, body := ts.call(t, "", "GET", "/metrics", "")
	if want := `setsafe_rate_limit_refusals_total{limiter="pins"} 2`; !strings.Contains(string(body), want) {
		t.Errorf("metrics lack %s:\n%s", want, body)
	}
}
